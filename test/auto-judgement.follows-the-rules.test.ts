import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoJudgement } from '../services/comparisons/auto-judgement.ts';

test('success beats failure whatever the progress', () => {
  assert.equal(
    autoJudgement({ success: true, progress: 0.2 }, { success: false, progress: 0.99 }),
    'A',
  );
  assert.equal(
    autoJudgement({ success: false, progress: 0.99 }, { success: true, progress: 0.2 }),
    'B',
  );
});

test('with equal success the higher progress wins, within 0.05 it is a tie', () => {
  assert.equal(
    autoJudgement({ success: false, progress: 0.5 }, { success: false, progress: 0.3 }),
    'A',
  );
  assert.equal(
    autoJudgement({ success: true, progress: 0.9 }, { success: true, progress: 1.0 }),
    'B',
  );
  assert.equal(
    autoJudgement({ success: false, progress: 0.8 }, { success: false, progress: 0.75 }),
    'tie',
  );
  assert.equal(
    autoJudgement({ success: false, progress: 0.3 }, { success: false, progress: 0.34 }),
    'tie',
  );
  assert.equal(
    autoJudgement({ success: false, progress: 0.3 }, { success: false, progress: 0.36 }),
    'B',
  );
});
