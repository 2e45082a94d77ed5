// Invariants of the core, checked on generated configs (fast-check).
import { strict as assert } from "assert";
import fc from "fast-check";
import { neutralizeStackName, stackPlaceholder } from "../../parity/stackNeutral";
import { compare, configEnv } from "./fixtures";

const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.record({ secure: fc.string({ minLength: 1, maxLength: 6 }) }));
const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie("node"), { maxKeys: 3 })),
})).node;
const config = fc.dictionary(fc.stringMatching(/^app:[a-z]{1,5}$/), value, { minKeys: 1, maxKeys: 6 });

describe("parity invariants (property-based)", () => {
    it("parity stays within 0..100 and identical never exceeds total", () => {
        fc.assert(
            fc.property(config, config, (a, b) => {
                let result;
                try {
                    result = compare([configEnv("prod", a), configEnv("dev", b)]);
                } catch (err) {
                    assert.match((err as Error).message, /empty union/);
                    return;
                }
                const e = result.environments[0];
                assert.ok(e.parityPercent >= 0 && e.parityPercent <= 100);
                assert.ok(e.identical <= e.total);
                assert.equal(e.intended + e.unexplained, result.differences.length, "every difference is classified");
                const settings = result.differences.reduce((n, d) => n + d.settings, 0);
                assert.equal(e.total - e.identical, settings, "every non-identical setting is in exactly one difference");
            }),
            { numRuns: 300 },
        );
    });

    it("a stack compared with an identical copy is 100%", () => {
        fc.assert(
            fc.property(config, (a) => {
                try {
                    assert.equal(compare([configEnv("prod", a), configEnv("dev", structuredClone(a))]).environments[0].parityPercent, 100);
                } catch (err) {
                    assert.match((err as Error).message, /empty union/);
                }
            }),
            { numRuns: 200 },
        );
    });

    it("the figures are symmetric: swapping baseline and environment keeps identical and total", () => {
        fc.assert(
            fc.property(config, config, (a, b) => {
                try {
                    const ab = compare([configEnv("prod", a), configEnv("dev", b)]).environments[0];
                    const ba = compare([configEnv("prod", b), configEnv("dev", a)]).environments[0];
                    assert.equal(ab.identical, ba.identical);
                    assert.equal(ab.total, ba.total);
                } catch (err) {
                    assert.match((err as Error).message, /empty union/);
                }
            }),
            { numRuns: 200 },
        );
    });

    it("neutralizing replaces only whole words and never touches text without the stack name", () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z]{2,6}$/), fc.string({ maxLength: 12 }), (before, stack, after) => {
                const text = `${before}${stack}${after}`;
                const out = neutralizeStackName(text, stack);
                const bounded = !/[A-Za-z0-9]$/.test(before) && !/^[A-Za-z0-9]/.test(after);
                if (bounded) assert.ok(out.includes(stackPlaceholder));
                const without = before.split(stack).join("") + "#";
                if (!without.includes(stack)) assert.equal(neutralizeStackName(without, stack), without);
            }),
            { numRuns: 500 },
        );
    });
});
