/**
 * Data set readers (HDF5 for now) and {@link ai.deepj.data.SharedData}, which finds the course's
 * data directory. Data-dependent tests are skipped, with the reason, when the data is absent.
 */
package ai.deepj.data;
