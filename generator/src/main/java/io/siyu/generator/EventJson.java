package io.siyu.generator;

import java.util.List;

/**
 * Writes an {@link EventDraft} as compact single-line JSON into a reusable StringBuilder. Hand
 * written instead of building Jackson trees because it runs once per record and millions of records
 * should take seconds.
 */
final class EventJson {
  private EventJson() {}

  static void write(EventDraft d, StringBuilder sb) {
    sb.append('{');
    number(sb, "schema_version", d.schemaVersion);
    string(sb, "event_id", d.eventId);
    number(sb, "ts", d.ts);
    string(sb, "channel", d.channel);
    ids(sb, "ids", d.ids);
    string(sb, "store_id", d.storeId);
    string(sb, "guide_id", d.guideId);
    switch (d.stream) {
      case Streams.SCAN -> scan(sb, d);
      case Streams.PURCHASE -> purchase(sb, d);
      default -> interaction(sb, d);
    }
    if (d.extraRaw != null) {
      for (String[] f : d.extraRaw) {
        name(sb, f[0]);
        sb.append(f[1]);
      }
    }
    sb.append('}');
  }

  private static void scan(StringBuilder sb, EventDraft d) {
    string(sb, "code", d.code);
    string(sb, "sku", d.sku);
    string(sb, "batch_id", d.batchId);
    string(sb, "campaign_id", d.campaignId);
    string(sb, "issued_region", d.issuedRegion);
    string(sb, "scan_region", d.scanRegion);
    if (d.rewardType != null || d.rewardAmountFen != EventDraft.ABSENT || d.rewardCard != null) {
      name(sb, "reward");
      sb.append('{');
      string(sb, "type", d.rewardType);
      money(sb, "amount", d.rewardAmountFen);
      string(sb, "card", d.rewardCard);
      closeObject(sb);
    }
  }

  private static void purchase(StringBuilder sb, EventDraft d) {
    string(sb, "order_id", d.orderId);
    string(sb, "status", d.status);
    if (d.items != null) {
      name(sb, "items");
      sb.append('[');
      List<EventDraft.Item> items = d.items;
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        EventDraft.Item item = items.get(i);
        sb.append('{');
        string(sb, "sku", item.sku());
        string(sb, "category", item.category());
        number(sb, "qty", item.qty());
        money(sb, "unit_price", item.unitPriceFen());
        closeObject(sb);
      }
      sb.append(']');
    }
    money(sb, "amount", d.amountFen);
    string(sb, "coupon_id", d.couponId);
    money(sb, "discount", d.discountFen);
  }

  private static void interaction(StringBuilder sb, EventDraft d) {
    string(sb, "type", d.type);
    string(sb, "sku", d.sku);
    string(sb, "campaign_id", d.campaignId);
    string(sb, "coupon_id", d.couponId);
    ids(sb, "referrer_ids", d.referrerIds);
  }

  static void ids(StringBuilder sb, String field, CustomerIdSet ids) {
    if (ids == null) {
      return;
    }
    name(sb, field);
    sb.append('{');
    string(sb, "member_id", ids.memberId());
    string(sb, "union_id", ids.unionId());
    string(sb, "open_id", ids.openId());
    string(sb, "phone", ids.phone());
    closeObject(sb);
  }

  private static void closeObject(StringBuilder sb) {
    sb.append('}');
  }

  /** Writes a field name, preceded by a comma unless it is the first member of its container. */
  private static void name(StringBuilder sb, String field) {
    char last = sb.charAt(sb.length() - 1);
    if (last != '{' && last != '[') {
      sb.append(',');
    }
    sb.append('"').append(field).append("\":");
  }

  private static void string(StringBuilder sb, String field, String value) {
    if (value != null) {
      name(sb, field);
      quote(sb, value);
    }
  }

  private static void number(StringBuilder sb, String field, long value) {
    if (value != EventDraft.ABSENT) {
      name(sb, field);
      sb.append(value);
    }
  }

  private static void money(StringBuilder sb, String field, long fen) {
    if (fen != EventDraft.ABSENT) {
      name(sb, field);
      appendYuan(sb, fen);
    }
  }

  /** Fen as yuan with at most two decimals and no trailing zeros: 1990 -> 19.9, 500 -> 5. */
  static void appendYuan(StringBuilder sb, long fen) {
    if (fen < 0) {
      sb.append('-');
      fen = -fen;
    }
    sb.append(fen / 100);
    long cents = fen % 100;
    if (cents != 0) {
      sb.append('.').append(cents / 10);
      if (cents % 10 != 0) {
        sb.append(cents % 10);
      }
    }
  }

  static String yuan(long fen) {
    StringBuilder sb = new StringBuilder(12);
    appendYuan(sb, fen);
    return sb.toString();
  }

  /** A JSON string literal; control characters are escaped, so output never has a newline. */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  static String quoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }
}
