package io.siyu.jobs.sinks;

import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.udf.BusinessDay;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** {@code journey_triggers} (sql/050): the trigger log, sent and capped. */
public final class JourneyTriggersTable implements ClickHouseTable<JourneyTrigger> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of(
          "trigger_id",
          "journey_id",
          "customer_id",
          "subject_id",
          "status",
          "cap_reason",
          "fired_at",
          "fired_at_ms",
          "business_date",
          "cause",
          "entry_event_id",
          "entry_at_ms",
          "template_id",
          "channel",
          "guide_id",
          "sku",
          "campaign_id",
          "order_id",
          "attribution_until",
          "attribution_until_ms");

  private final BusinessDay businessDay;

  public JourneyTriggersTable(ZoneId businessZone) {
    this.businessDay = new BusinessDay(businessZone);
  }

  @Override
  public String name() {
    return "journey_triggers";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, JourneyTrigger t) throws IOException {
    r.text(t.triggerId());
    r.text(t.journeyId());
    r.text(t.customerId());
    r.text(t.subjectId());
    r.text(t.status());
    r.text(t.capReason());
    r.dateTime(t.firedAt());
    r.integer(t.firedAt());
    r.date(businessDay.epochDay(t.firedAt()));
    r.text(t.cause());
    r.text(t.entryEventId());
    r.integer(t.entryAt());
    r.text(t.templateId());
    r.text(t.channel());
    r.text(t.guideId());
    r.text(t.sku());
    r.text(t.campaignId());
    r.text(t.orderId());
    r.dateTime(t.attributionUntil());
    r.integer(t.attributionUntil());
  }
}
