/**
 * Saving and loading models: {@link ai.deepj.nn.io.ModelIO} writes a model directory (architecture as
 * versioned JSON, weights and optimizer slots as {@link ai.deepj.nn.io.Safetensors} files that Python
 * reads too); every file is replaced atomically by {@link ai.deepj.io.AtomicFiles}, and a file that
 * is truncated, corrupt or of an unknown version is refused with a {@link ai.deepj.nn.io.FileFormatException}.
 */
package ai.deepj.nn.io;
