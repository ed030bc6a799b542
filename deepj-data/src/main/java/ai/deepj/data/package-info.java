/**
 * Data: the {@link ai.deepj.data.Dataset} and {@link ai.deepj.data.Batch} abstractions, readers
 * (and writers where useful) for real file formats: IDX ({@link ai.deepj.data.Idx},
 * {@link ai.deepj.data.Mnist}), CSV ({@link ai.deepj.data.Csv}), NumPy ({@link ai.deepj.data.Npy},
 * {@link ai.deepj.data.Npz}), images ({@link ai.deepj.data.Images}, {@link ai.deepj.data.ImageFolder})
 * and HDF5 ({@link ai.deepj.data.Hdf5}; the course's labelled image files:
 * {@link ai.deepj.data.H5Images}), each refusing a malformed file with a
 * {@link ai.deepj.data.DataFileException} that names it; and {@link ai.deepj.data.SharedData},
 * which finds the course's data directory (data-dependent tests are skipped, with the reason, when
 * it is absent).
 */
package ai.deepj.data;
