/**
 * Benchmarks: JMH kernel benchmarks and the side-by-side comparison with PyTorch.
 * Speed is shown here, never by timed unit tests.
 */
package ai.deepj.bench;
