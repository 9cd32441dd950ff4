import { describe, expect, it } from 'vitest';
import { QueryError } from '../../shared/analysis/query.js';
import { ProfileError } from '../../shared/formats/profile-error.js';
import { describeFailure } from './engine-errors.js';

describe('errors crossing the worker boundary', () => {
  it('keeps the decoder and query messages, which are written for people', () => {
    expect(describeFailure(new ProfileError('truncated', 'the gzip data is truncated'), 'a.pb.gz', 'opening a.pb.gz')).toEqual({
      code: 'bad-input',
      message: 'a.pb.gz: the gzip data is truncated',
    });
    expect(describeFailure(new QueryError('unknown sample type "x"'), '', 'updating the graph')).toEqual({ code: 'bad-input', message: 'unknown sample type "x"' });
  });

  it('turns allocation failures into a sentence about memory', () => {
    for (const error of [new RangeError('Array buffer allocation failed'), new RangeError('Invalid typed array length: 5000000000'), new RangeError('Invalid array length')]) {
      const failure = describeFailure(error, 'big.pb.gz', 'opening big.pb.gz');
      expect(failure.code).toBe('out-of-memory');
      expect(failure.message).toMatch(/^Not enough memory to open big\.pb\.gz: /);
    }
    expect(describeFailure(new RangeError('Array buffer allocation failed'), '', 'updating the graph').message).toBe('Not enough memory for updating the graph.');
  });

  it('never passes a runtime error text on', () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      for (const error of [new TypeError("Cannot read properties of undefined (reading 'length')"), new RangeError('Maximum call stack size exceeded'), new Error('profile 3 is not open'), 'a string']) {
        const failure = describeFailure(error, 'a.pb.gz', 'opening a.pb.gz');
        expect(failure.code).toBe('internal');
        expect(failure.message).toBe('Flamedeck failed while opening a.pb.gz (an internal error; the details are in the developer console).');
      }
    } finally {
      console.error = quiet;
    }
  });
});
