package ai.deepj.nn;

import ai.deepj.tensor.Generator;

/**
 * A module that draws random numbers from a {@link Generator} of its own while it runs (such as
 * {@link Dropout}'s masks). Checkpoints save and restore that generator's state under the module's
 * dotted name, so a resumed run draws the same numbers an uninterrupted one would.
 */
public interface HasGenerator {
    /** The generator this module draws from (its state is read and set by checkpoints). */
    Generator generator();
}
