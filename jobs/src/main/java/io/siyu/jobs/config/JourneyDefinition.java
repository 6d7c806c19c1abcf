package io.siyu.jobs.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.siyu.jobs.profile.LifecycleStage;
import io.siyu.jobs.records.InteractionType;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One customer journey as the business writes it in {@code conf/journeys.yaml}: what enters a
 * customer (entry), the follow-up that must or must not happen within a time limit, who receives
 * the message, the action (template, channel), and the re-entry and cooldown rules. Compiled at
 * start (see {@code io.siyu.jobs.journey.JourneyEngine}); {@link #validate(int, Set)} names the
 * journey and the field of every error.
 *
 * <p>Event names: {@code scan}, {@code purchase} (a paid order), {@code refund}, {@code lifecycle}
 * (a lifecycle stage change, with {@code stage}) and the interaction types ({@code follow}, {@code
 * add_to_cart}, {@code invite_accept}, ...).
 */
public record JourneyDefinition(
    String id,
    String description,
    Kind kind,
    Step entry,
    FollowUp followUp,
    Recipient recipient,
    ReEntry reEntry,
    Duration cooldown,
    Boolean exemptFromDailyCap,
    Action action,
    List<String> campaigns)
    implements Serializable {

  /** The event names a condition may use: the streams' kinds and every interaction type. */
  public static final Set<String> EVENT_NAMES =
      Stream.concat(
              Stream.of("scan", "purchase", "refund", "lifecycle"),
              Arrays.stream(InteractionType.values()).map(InteractionType::wireName))
          .collect(Collectors.toUnmodifiableSet());

  /** The lifecycle stages a {@code lifecycle} entry may name. */
  public static final Set<String> STAGES =
      Arrays.stream(LifecycleStage.values())
          .map(Enum::name)
          .collect(Collectors.toUnmodifiableSet());

  /**
   * {@code sequence}: an entry, optionally followed by a follow-up within a time limit (Flink CEP).
   * {@code card-collection}: all character cards of a campaign collected (a keyed function: CEP has
   * no "every one of N values, in any order" without N! permutations).
   */
  public enum Kind {
    SEQUENCE,
    CARD_COLLECTION;

    @JsonCreator
    public static Kind of(String text) {
      return wire(Kind.class, text);
    }
  }

  /** Whether the follow-up must happen (trigger on it) or must not (trigger on the timeout). */
  public enum Must {
    HAPPEN,
    NOT_HAPPEN;

    @JsonCreator
    public static Must of(String text) {
      return wire(Must.class, text);
    }
  }

  /** Who receives the message: the customer, or (referral rewards) whoever invited them. */
  public enum Recipient {
    CUSTOMER,
    REFERRER;

    @JsonCreator
    public static Recipient of(String text) {
      return wire(Recipient.class, text);
    }
  }

  /**
   * {@code always}: every entry runs on its own; {@code restart}: a new entry while one is open
   * replaces it (the clock restarts; only the last of a burst can fire); {@code once}: a customer
   * receives this journey at most once, ever.
   */
  public enum ReEntry {
    ALWAYS,
    RESTART,
    ONCE;

    @JsonCreator
    public static ReEntry of(String text) {
      return wire(ReEntry.class, text);
    }
  }

  /**
   * Events that enter a customer. {@code first-only}: only the customer's first event of any of
   * these kinds. {@code stage}: for {@code lifecycle}, the stage entered.
   */
  public record Step(List<String> events, Boolean firstOnly, String stage) implements Serializable {
    public Step {
      events = events == null ? List.of() : List.copyOf(events);
      firstOnly = firstOnly != null && firstOnly;
      stage = stage == null ? null : stage.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  /** The follow-up: events, whether it must happen or not, and the time limit after the entry. */
  public record FollowUp(List<String> events, Boolean firstOnly, Must must, Duration within)
      implements Serializable {
    public FollowUp {
      events = events == null ? List.of() : List.copyOf(events);
      firstOnly = firstOnly != null && firstOnly;
    }
  }

  /**
   * What the campaign system should do: a message template, and a channel — a channel name, or
   * {@code preferred} for the customer's last contactable channel.
   */
  public record Action(String template, String channel) implements Serializable {}

  public static final String PREFERRED_CHANNEL = "preferred";

  public JourneyDefinition {
    kind = kind == null ? Kind.SEQUENCE : kind;
    recipient = recipient == null ? Recipient.CUSTOMER : recipient;
    reEntry = reEntry == null ? ReEntry.ALWAYS : reEntry;
    cooldown = cooldown == null ? Duration.ZERO : cooldown;
    exemptFromDailyCap = exemptFromDailyCap != null && exemptFromDailyCap;
    campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
  }

  /** The path of a field of this journey in error messages: {@code journeys[<id>].<field>}. */
  public String path(String field) {
    return "journeys[" + (id == null ? "?" : id) + "]" + (field.isEmpty() ? "" : "." + field);
  }

  /** Fails at start, naming the journey and the field, when the definition cannot work. */
  void validate(int index, Set<String> knownCampaigns) {
    ConfigException.require(
        id != null && id.matches("[a-z0-9][a-z0-9-]{0,63}"),
        id == null ? "journeys[" + index + "].id" : path("id"),
        "'"
            + id
            + "' must be 1-64 characters of a-z, 0-9 and '-' (it names the operator's state:"
            + " never rename a running journey)");
    ConfigException.require(action != null, path("action"), "is missing");
    ConfigException.require(
        action.template() != null && !action.template().isBlank(),
        path("action.template"),
        "must name the campaign system's template");
    ConfigException.require(
        action.channel() != null && !action.channel().isBlank(),
        path("action.channel"),
        "must be a channel such as wecom, sms, or 'preferred'");
    ConfigException.require(!(cooldown.isNegative()), path("cooldown"), "must not be negative");
    if (kind == Kind.CARD_COLLECTION) {
      ConfigException.require(
          entry == null && followUp == null,
          path(entry != null ? "entry" : "follow-up"),
          "a card-collection journey has no entry or follow-up: it fires when all cards of a"
              + " campaign are collected");
      ConfigException.require(
          recipient == Recipient.CUSTOMER, path("recipient"), "must be customer here");
      for (String c : campaigns) {
        ConfigException.require(
            knownCampaigns.contains(c),
            path("campaigns"),
            "'" + c + "' is not a campaign of the campaigns: section " + knownCampaigns);
      }
      return;
    }
    ConfigException.require(
        campaigns.isEmpty(), path("campaigns"), "only for kind card-collection");
    ConfigException.require(entry != null, path("entry"), "is missing");
    requireEvents(entry.events(), "entry.events");
    boolean lifecycle = entry.events().contains("lifecycle");
    ConfigException.require(
        !lifecycle || (entry.events().size() == 1 && entry.stage() != null),
        path("entry.stage"),
        "a lifecycle entry names exactly one event, lifecycle, and the stage entered");
    ConfigException.require(
        entry.stage() == null || (lifecycle && STAGES.contains(entry.stage())),
        path("entry.stage"),
        "'" + entry.stage() + "' must be one of " + STAGES + ", with events: [lifecycle]");
    if (followUp != null) {
      requireEvents(followUp.events(), "follow-up.events");
      ConfigException.require(
          followUp.must() != null, path("follow-up.must"), "must be happen or not-happen");
      ConfigException.require(
          followUp.within() != null && followUp.within().toMillis() > 0,
          path("follow-up.within"),
          "must be a positive duration such as 2h or 7d");
      ConfigException.require(
          !followUp.events().contains("lifecycle"),
          path("follow-up.events"),
          "lifecycle changes cannot be a follow-up");
    }
    ConfigException.require(
        reEntry != ReEntry.RESTART || (followUp != null && followUp.must() == Must.NOT_HAPPEN),
        path("re-entry"),
        "restart needs a follow-up that must not happen (a newer entry supersedes the open one)");
    if (recipient == Recipient.REFERRER) {
      ConfigException.require(
          entry.events().equals(List.of("invite_accept")),
          path("recipient"),
          "referrer needs entry events [invite_accept] (the event that carries referrer_ids)");
      ConfigException.require(
          !PREFERRED_CHANNEL.equals(action.channel()),
          path("action.channel"),
          "name a channel: the referrer's preferred channel is not known on the invitee's"
              + " stream");
    }
  }

  private void requireEvents(List<String> events, String field) {
    ConfigException.require(!events.isEmpty(), path(field), "must name at least one event");
    for (String e : events) {
      ConfigException.require(
          EVENT_NAMES.contains(e),
          path(field),
          "unknown event '" + e + "'; known: " + new java.util.TreeSet<>(EVENT_NAMES));
    }
  }

  /** An enum constant from its kebab-case name, or an error listing the names. */
  static <E extends Enum<E>> E wire(Class<E> type, String text) {
    String name = String.valueOf(text).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not one of "
            + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList());
  }
}
