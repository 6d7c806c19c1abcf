package io.siyu.jobs.profile;

import io.siyu.jobs.config.ProfileConfig.ClvConfig;
import java.io.Serializable;

/**
 * Customer lifetime value. Historical CLV is what the customer has spent, net of refunds (lifetime
 * net). Predicted CLV is the spend of the next 365 days, as the run rate of the last 365 days times
 * the chance that a customer in this lifecycle stage is still buying a year on ({@code
 * profile.clv.survival}). A deliberately simple, explainable model that updates on every event; a
 * probabilistic model (BG/NBD with Gamma-Gamma) fitted offline can replace the survival table.
 */
public final class ClvModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ClvConfig config;

  public ClvModel(ClvConfig config) {
    this.config = config;
  }

  public long predictedFen(LifecycleStage stage, long windowNetFen) {
    return Math.round(Math.max(0, windowNetFen) * config.survival(stage));
  }
}
