/**
 * PNG charts drawn with Java2D for looking at training runs: learning curves, confusion matrices,
 * 2-D decision boundaries and hyperparameter scatter plots. Inputs are plain Java arrays, so any part
 * of deepj can draw without depending on the others; rendering is headless and files are written
 * atomically.
 */
package ai.deepj.plot;
