import { cpus, loadavg } from 'node:os';

/** What the absolute numbers were measured on. */
export interface MachineInfo {
  node: string;
  cpu: string;
  cores: number;
  /** ISO timestamp of the run. */
  date: string;
  /** 1-minute load average when the info was taken. */
  load1: number;
}

/** Describes this machine (node version, CPU model, core count, date, load). */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    date: new Date().toISOString(),
    load1: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** One-line description of the machine for table footers. */
export function describeMachine(info: MachineInfo = machineInfo()): string {
  return `node ${info.node}, ${info.cpu}, ${info.cores} cores, ${info.date}, load ${info.load1}`;
}
