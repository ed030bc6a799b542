/**
 * The {@code deepj} command-line tool ({@link ai.deepj.cli.Main}, launched by {@code ./deepj} at the
 * repository root): train, evaluate, predict, search, gradcheck, diagnose and summary from a config
 * file, plus {@code info} and the course's worked examples. Exit status 0 on success, 1 on a failure
 * while running, 2 on a usage or config error.
 */
package ai.deepj.cli;
