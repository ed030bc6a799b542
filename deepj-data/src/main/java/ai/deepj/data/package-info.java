/**
 * Data: the {@link ai.deepj.data.Dataset} and {@link ai.deepj.data.Batch} abstractions, readers for
 * real file formats (HDF5, ...), and {@link ai.deepj.data.SharedData}, which finds the course's data
 * directory. Data-dependent tests are skipped, with the reason, when the data is absent.
 */
package ai.deepj.data;
