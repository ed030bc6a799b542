/**
 * deepj: deep learning for the JVM. {@link ai.deepj.Deepj} reports the installation; the engine
 * lives in {@code ai.deepj.tensor}, {@code ai.deepj.autograd} and {@code ai.deepj.kernel}.
 */
package ai.deepj;
