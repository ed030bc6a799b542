/**
 * The {@code deepj} command-line tool: installation info and example training jobs.
 * Launched by the {@code ./deepj} script at the repository root.
 */
package ai.deepj.cli;
