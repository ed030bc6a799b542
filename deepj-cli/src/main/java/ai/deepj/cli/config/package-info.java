/**
 * The training config of the {@code deepj} command: JSON or YAML files read into a tree whose
 * every value knows its line ({@link ai.deepj.cli.config.ConfigReader}, {@link ai.deepj.cli.config.Node}),
 * {@code --set} overrides, and the checked sections ({@link ai.deepj.cli.config.RunSpec} and the
 * data, augment, model (with zoo), loss, optimizer, schedule and search specs), whose every error
 * names the line.
 */
package ai.deepj.cli.config;
