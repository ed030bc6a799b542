/**
 * A training run of the {@code deepj} command: the run folder and its records
 * ({@link ai.deepj.cli.run.RunDir}, {@link ai.deepj.cli.run.RunRecord}), training with every output
 * ({@link ai.deepj.cli.run.Training}), and final scores ({@link ai.deepj.cli.run.Evaluation}).
 */
package ai.deepj.cli.run;
