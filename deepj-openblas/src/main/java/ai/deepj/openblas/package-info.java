/**
 * Optional OpenBLAS GEMM backend, called through the foreign-function API on Java heap arrays.
 * Registered as a {@link ai.deepj.kernel.GemmBackend} service; deepj runs without it.
 */
package ai.deepj.openblas;
