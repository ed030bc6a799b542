/**
 * Parameter initializers: zeros, small random, He, Xavier/Glorot, LeCun, orthogonal, identity.
 * Seeded through a {@link ai.deepj.tensor.Generator}, so initial weights are reproducible.
 */
package ai.deepj.nn.init;
