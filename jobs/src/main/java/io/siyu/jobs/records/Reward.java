package io.siyu.jobs.records;

/** A scan's reward: money in fen (0.01 CNY) for red packets, points, or a character card. */
public record Reward(RewardType type, long amountFen, String card) {}
