import { CliError } from '../cli-error.js';
import type { PlannedChannel } from './ingest-plan.js';
import { parseToken } from './position-token.js';
import type { InputPosition } from './position-token.js';

/**
 * Where a channel resumes: the position its committed offset token names, or before the start
 * when it has none. A token this command could not have written for this plan (another layout,
 * an input number beyond the command line, a line outside the channel's range) is refused: going
 * on from it could double or skip rows.
 */
export function resumePoint(plan: PlannedChannel, token: string | null): InputPosition {
  const first = plan.inputs[0];
  if (token === null || first === undefined) {
    return { input: 1, position: (first?.firstPosition ?? 1) - 1 };
  }
  const at = parseToken(plan.layout, token);
  const input = at && plan.inputs.find((i) => i.input === at.input);
  const inRange =
    at !== undefined &&
    input !== undefined &&
    at.position >= input.firstPosition - 1 &&
    (input.lastPosition === undefined || at.position <= input.lastPosition);
  if (!inRange) {
    const expected =
      plan.layout === 'line'
        ? first.lastPosition !== undefined
          ? `a line number from ${first.firstPosition - 1} to ${first.lastPosition}`
          : 'a line or element number'
        : `<input>:<line> with input from 1 to ${plan.inputs.length}`;
    throw new CliError(
      'FOREIGN_OFFSET_TOKEN',
      `channel ${plan.name} holds committed offset token ${JSON.stringify(token)}, which is not ${expected}: it was not written by this command with these inputs (use the same inputs and --channels as before, another --channel, or --from-start --force)`,
    );
  }
  return at;
}
