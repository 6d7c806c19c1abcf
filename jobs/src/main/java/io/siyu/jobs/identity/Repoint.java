package io.siyu.jobs.identity;

/**
 * An identifier that now belongs to {@code to}: newly seen ({@code from} null) or moved by a merge
 * from the customer {@code from}.
 */
public record Repoint(String id, String from, String to) {}
