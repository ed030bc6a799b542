/**
 * Hyperparameter search as the course teaches it: random search on the right scale (log-uniform α,
 * β = 1 − 10^r), grid search for comparison, and coarse to fine, with trials run side by side on
 * local threads (the "caviar" approach; one thread is the "panda" approach). Trials, objectives and
 * results are plain serializable values so that a {@link ai.deepj.search.TrialRunner} can later
 * run them on a cluster.
 */
package ai.deepj.search;
