/**
 * Low-level kernels on Java arrays: GEMM (pure-Java Vector API, or a plugged-in native backend),
 * elementwise math and reductions, and the one shared thread pool they all run on.
 */
package ai.deepj.kernel;
