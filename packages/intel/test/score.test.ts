import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generatedScore, INDICATOR_TYPES, MAX_SCORE, MIN_SCORE, TYPE_WEIGHTS } from '../src/index.js';

describe('generatedScore', () => {
  test('the documented examples', () => {
    assert.equal(generatedScore({ typeName: 'MD5', sourceWeights: [10] }), 9); // 2.4 + 7
    assert.equal(generatedScore({ typeName: 'IP Address', sourceWeights: [5] }), 5); // 1.2 + 3.5 = 4.7
    assert.equal(generatedScore({ typeName: 'MD5' }), 2); // 2.4
    assert.equal(generatedScore({ typeName: 'CIDR Block' }), 1); // 0.9
    assert.equal(generatedScore({ typeName: 'String', sourceWeights: [] }), 1); // 0.6
  });

  test('the most trusted source counts, and corroborating sources add up to 2', () => {
    assert.equal(generatedScore({ typeName: 'FQDN', sourceWeights: [2, 8, 4] }), 8); // 1.8 + 5.6 + 1.0 = 8.4
    assert.equal(generatedScore({ typeName: 'FQDN', sourceWeights: [8, 2, 4] }), 8); // order does not matter
    assert.equal(generatedScore({ typeName: 'FQDN', sourceWeights: [0, 0, 0] }), 2); // untrusted sources do not corroborate
    // Bonus capped at 2: six sources of weight 1 give 1.8 + 0.7 + 2 = 4.5 → 5, and sixty give the same.
    assert.equal(generatedScore({ typeName: 'FQDN', sourceWeights: Array(6).fill(1) }), 5);
    assert.equal(generatedScore({ typeName: 'FQDN', sourceWeights: Array(60).fill(1) }), 5);
  });

  test('attributes add or subtract', () => {
    assert.equal(generatedScore({ typeName: 'IP Address', sourceWeights: [5], attributeWeights: [2] }), 7);
    assert.equal(generatedScore({ typeName: 'IP Address', sourceWeights: [5], attributeWeights: [-3, -1] }), 1);
  });

  test('always an integer within 0-10, whatever the weights', () => {
    const extremes = [
      { typeName: 'SHA-256', sourceWeights: [10, 10, 10, 10, 10, 10], attributeWeights: [10, 10] },
      { typeName: 'SHA-256', sourceWeights: [1e9], attributeWeights: [1e9] },
      { typeName: 'URL', sourceWeights: [-50], attributeWeights: [-10, -10, -1e9] },
      { typeName: 'URL', sourceWeights: [Number.NaN, Number.POSITIVE_INFINITY], attributeWeights: [Number.NEGATIVE_INFINITY] },
      { typeName: 'no such type', sourceWeights: [7.77] },
      { typeName: 'URL', sourceWeights: ['9' as unknown as number, null as unknown as number] },
      { typeName: 'URL', sourceWeights: 'x' as unknown as number[], attributeWeights: {} as unknown as number[] },
    ];
    for (const input of extremes) {
      const score = generatedScore(input);
      assert.ok(Number.isInteger(score) && score >= MIN_SCORE && score <= MAX_SCORE, `${JSON.stringify(input)} → ${score}`);
    }
    assert.equal(generatedScore(extremes[0]!), 10);
    assert.equal(generatedScore(extremes[1]!), 10); // weights clamped, not multiplied out
    assert.equal(generatedScore(extremes[2]!), 0);
    assert.equal(generatedScore(extremes[3]!), 2); // non-finite weights ignored: 0.3 × 7
    assert.equal(generatedScore(extremes[5]!), 2); // non-numbers ignored
  });

  test('every type has a weight in 0-10; unknown and differently-cased type names work', () => {
    for (const { name } of INDICATOR_TYPES) {
      const weight = TYPE_WEIGHTS[name];
      assert.ok(weight !== undefined && weight >= 0 && weight <= 10, name);
    }
    assert.equal(generatedScore({ typeName: 'md5', sourceWeights: [10] }), generatedScore({ typeName: 'MD5', sourceWeights: [10] }));
    assert.equal(generatedScore({ typeName: 'Unknown', sourceWeights: [10] }), 8); // default type weight 2: 0.6 + 7
  });

  test('more trust never lowers the score', () => {
    for (const { name } of INDICATOR_TYPES) {
      let previous = -1;
      for (let w = 0; w <= 10; w++) {
        const score = generatedScore({ typeName: name, sourceWeights: [w] });
        assert.ok(score >= previous, `${name} weight ${w}`);
        previous = score;
      }
    }
  });
});
