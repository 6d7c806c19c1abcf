package io.siyu.jobs.profile;

/**
 * A move between lifecycle stages at event time {@code at}. {@code from} is null when a customer is
 * first seen. {@code cause}: {@code first_seen}, {@code purchase} or {@code ageing}.
 */
public record LifecycleTransition(
    String customerKey, LifecycleStage from, LifecycleStage to, long at, String cause) {}
