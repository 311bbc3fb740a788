package dev.atelier.stacks;

/**
 * A named task of a stack, e.g. {@code build: mvn -q package}.
 *
 * @param name unique within the stack
 * @param command what to run, in {@code /workspace}
 * @param group build, run or test
 */
public record Task(String name, Command command, TaskGroup group) {}
