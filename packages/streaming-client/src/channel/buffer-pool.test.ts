import { describe, expect, it } from 'vitest';
import { createBufferPool } from './buffer-pool.js';

describe('buffer pool', () => {
  it('returns a buffer only when closed, fully released and not being sent', () => {
    const pool = createBufferPool({ maxFreeBytes: 1 << 20, budgetBytes: 1 << 20 });
    const lease = pool.lease(1024);
    lease.add(100);
    lease.add(50);
    lease.release(100);
    lease.close();
    expect(pool.freeBytes).toBe(0); // 50 bytes still uncommitted
    lease.beginSend();
    lease.release(50);
    expect(pool.freeBytes).toBe(0); // a request still carries its bytes
    lease.endSend();
    expect(pool.freeBytes).toBe(1024);
    lease.close(); // a second close changes nothing
    lease.endSend();
    expect(pool.freeBytes).toBe(1024);
    expect(pool.lease(1024).buffer).toBe(lease.buffer);
    expect(pool.freeBytes).toBe(0);
  });

  it('hands out buffers of exactly the asked size, reusing only that size', () => {
    const pool = createBufferPool({ maxFreeBytes: 1 << 20, budgetBytes: 1 << 20 });
    const small = pool.lease(512);
    small.close();
    expect(pool.lease(1024).buffer.length).toBe(1024);
    expect(pool.lease(512).buffer).toBe(small.buffer);
  });

  it('keeps at most maxFreeBytes, dropping outgrown sizes first', () => {
    const pool = createBufferPool({ maxFreeBytes: 2048, budgetBytes: 1 << 20 });
    const a = pool.lease(1024);
    const b = pool.lease(512);
    const c = pool.lease(1024);
    const d = pool.lease(1024);
    a.close();
    b.close();
    expect(pool.freeBytes).toBe(1536);
    c.close(); // no room: the 512-byte buffer goes
    expect(pool.freeBytes).toBe(2048);
    d.close(); // full of the size in use: left to the GC
    expect(pool.freeBytes).toBe(2048);
    expect(pool.lease(512).buffer).not.toBe(b.buffer);
  });

  it('shares a quarter of the budget among the buffers held open', () => {
    const pool = createBufferPool({ maxFreeBytes: 0, budgetBytes: 4000, minFairBytes: 0 });
    expect(pool.fairCapacity()).toBe(1000);
    const a = pool.lease(10);
    expect(pool.fairCapacity()).toBe(500);
    pool.lease(10);
    expect(pool.fairCapacity()).toBe(333);
    a.close();
    expect(pool.fairCapacity()).toBe(500);
  });

  it('never offers less than minFairBytes (1 MiB by default)', () => {
    const pool = createBufferPool({ maxFreeBytes: 0, budgetBytes: 4000 });
    expect(pool.fairCapacity()).toBe(1024 * 1024);
    const tight = createBufferPool({ maxFreeBytes: 0, budgetBytes: 4000, minFairBytes: 600 });
    expect(tight.fairCapacity()).toBe(1000);
    tight.lease(10);
    expect(tight.fairCapacity()).toBe(600);
  });
});
