package io.siyu.jobs.profile;

/**
 * A tag that changed value at event time {@code at} (values as text; {@code ''} for none or false),
 * emitted once per change.
 */
public record TagChange(String customerKey, String tag, String from, String to, long at) {}
