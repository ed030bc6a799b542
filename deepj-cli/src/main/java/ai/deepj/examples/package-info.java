/**
 * Worked examples from the course, written with deepj: generated data sets and small training runs.
 * They double as end-to-end tests of the engine.
 */
package ai.deepj.examples;
