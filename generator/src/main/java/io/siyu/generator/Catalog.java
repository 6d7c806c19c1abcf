package io.siyu.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated brand: a dairy company (yoghurt, milk, cheese, infant formula, snacks, gift boxes)
 * selling through its own stores and online channels, with one-item-one-code scan campaigns. Fixed
 * for a run; only the batch sizes depend on the config, so that codes never run out.
 */
final class Catalog {

  /** A sales region; batches are shipped to one, stores and customers live in one. */
  record Region(String name, String code, double customerWeight) {}

  /** A physical store with its store guides (导购). */
  record Store(String id, int region, String[] guides) {}

  /** A product; {@code coded} products carry a unique QR code per item. */
  record Product(
      String sku, String category, long priceFen, int maxQty, boolean coded, int campaign) {}

  /** A scan campaign: cards of a slogan to collect, or points only. */
  record Campaign(String id, String[] cards, int[] cardWeights) {
    boolean collectsCards() {
      return cards.length > 0;
    }
  }

  /** A coupon template: {@code discountFen} off an order of at least {@code minSpendFen}. */
  record Coupon(String id, long discountFen, long minSpendFen) {}

  /** A production batch of coded items shipped to one region. */
  static final class Batch {
    final int index;
    final String id;
    final int product;
    final int region;
    final int campaign;
    final long codesIssued;

    /** When the batch left the factory for its region (epoch millis UTC), before the run. */
    final long shippedAt;

    final String codePrefix;
    long nextSerial;

    Batch(
        int index,
        String id,
        int product,
        int region,
        int campaign,
        long codesIssued,
        long shippedAt) {
      this.index = index;
      this.id = id;
      this.product = product;
      this.region = region;
      this.campaign = campaign;
      this.codesIssued = codesIssued;
      this.shippedAt = shippedAt;
      this.codePrefix = Ids.base32(0x5A5A0L + index * 7L, 4);
    }

    boolean exhausted() {
      return nextSerial >= codesIssued;
    }
  }

  static final Region[] REGIONS = {
    new Region("shanghai", "sh", 16),
    new Region("jiangsu", "js", 15),
    new Region("zhejiang", "zj", 14),
    new Region("guangdong", "gd", 18),
    new Region("beijing", "bj", 11),
    new Region("sichuan", "sc", 10),
    new Region("hubei", "hb", 8),
    new Region("shandong", "sd", 8),
  };

  private static final int[] STORES_PER_REGION = {6, 5, 5, 6, 4, 3, 3, 3};

  static final Campaign[] CAMPAIGNS = {
    // Chinese New Year: collect 新年快乐; 乐 is the rare card.
    new Campaign("cny2026-xnkl", new String[] {"新", "年", "快", "乐"}, new int[] {30, 30, 30, 6}),
    // Year of the Horse: collect 马到成功; 功 is the rare card.
    new Campaign("horse2026-mdcg", new String[] {"马", "到", "成", "功"}, new int[] {32, 32, 28, 5}),
    // Always-on points for scanning.
    new Campaign("scan-points-2026", new String[0], new int[0]),
  };

  /** Campaign pages that are viewed and shared besides the scan campaigns. */
  static final String[] PAGE_CAMPAIGNS = {
    "cny2026-xnkl", "horse2026-mdcg", "member-day-2026", "newcomer-pack-2026", "group-buy-2026"
  };

  static final Product[] PRODUCTS = {
    new Product("YG1001", "yogurt", 1990, 6, true, 0),
    new Product("YG1002", "yogurt", 2590, 6, true, 0),
    new Product("YG1003", "yogurt", 3990, 4, true, 0),
    new Product("YG1004", "yogurt", 550, 12, true, 0),
    new Product("YG1005", "yogurt", 890, 12, true, 0),
    new Product("MK2001", "milk", 5990, 4, true, 1),
    new Product("MK2002", "milk", 6990, 4, true, 1),
    new Product("MK2003", "milk", 4590, 4, true, 1),
    new Product("MK2004", "milk", 8990, 3, true, 1),
    new Product("CH3001", "cheese", 3990, 4, true, 2),
    new Product("CH3002", "cheese", 5990, 3, true, 2),
    new Product("CH3003", "cheese", 2990, 5, true, 2),
    new Product("IF4001", "infant_formula", 29900, 3, true, 2),
    new Product("IF4002", "infant_formula", 35800, 3, true, 2),
    new Product("IF4003", "infant_formula", 45900, 2, true, 2),
    new Product("SN5001", "snacks", 990, 10, false, -1),
    new Product("SN5002", "snacks", 1590, 8, false, -1),
    new Product("SN5003", "snacks", 2990, 5, false, -1),
    new Product("GB6001", "gift_box", 9900, 3, false, -1),
    new Product("GB6002", "gift_box", 19900, 2, false, -1),
    new Product("GB6003", "gift_box", 29900, 2, false, -1),
  };

  static final String[] CATEGORIES = {
    "yogurt", "milk", "cheese", "infant_formula", "snacks", "gift_box"
  };

  static final Coupon[] COUPONS = {
    new Coupon("cp-newcomer-10", 1000, 3900),
    new Coupon("cp-full-199-30", 3000, 19900),
    new Coupon("cp-member-day-20", 2000, 9900),
    new Coupon("cp-guide-15", 1500, 5900),
    new Coupon("cp-winback-25", 2500, 12900),
  };

  /** Counterfeit codes copied onto fake packaging and scanned by many customers. */
  static final int FAKE_CODES = 6;

  final Store[] stores;
  final int[][] storesByRegion;
  final Batch[] batches;

  /** batchesFor[product][region] = the two batches of a coded product shipped to a region. */
  final Batch[][][] batchesFor;

  final int[][] productsByCategory;
  final String[] fakeCodes;
  final Batch[] fakeCodeBatches;
  final boolean[] fakeCodeScanned;

  Catalog(GeneratorConfig config) {
    List<Store> storeList = new ArrayList<>();
    storesByRegion = new int[REGIONS.length][];
    for (int r = 0; r < REGIONS.length; r++) {
      storesByRegion[r] = new int[STORES_PER_REGION[r]];
      for (int s = 0; s < STORES_PER_REGION[r]; s++) {
        String storeId = "st-" + REGIONS[r].code() + "-" + two(s + 1);
        String[] guides = new String[3 + (s % 3)];
        for (int g = 0; g < guides.length; g++) {
          guides[g] = "gd-" + REGIONS[r].code() + two(s + 1) + "-" + two(g + 1);
        }
        storesByRegion[r][s] = storeList.size();
        storeList.add(new Store(storeId, r, guides));
      }
    }
    stores = storeList.toArray(new Store[0]);

    int coded = 0;
    for (Product p : PRODUCTS) {
      coded += p.coded() ? 1 : 0;
    }
    int batchCount = coded * REGIONS.length * 2;
    // Scans are about a third of all records and are spread unevenly over batches, so size the
    // batches at several times the average demand: a batch never runs out of codes.
    long codesPerBatch = Math.max(5_000, roundUp(2 * config.events() / batchCount + 1, 1000));
    List<Batch> batchList = new ArrayList<>();
    batchesFor = new Batch[PRODUCTS.length][][];
    for (int p = 0; p < PRODUCTS.length; p++) {
      Product product = PRODUCTS[p];
      if (!product.coded()) {
        continue;
      }
      batchesFor[p] = new Batch[REGIONS.length][2];
      for (int r = 0; r < REGIONS.length; r++) {
        for (int n = 0; n < 2; n++) {
          String id =
              "B26"
                  + two(n + 1)
                  + "-"
                  + REGIONS[r].code().toUpperCase(java.util.Locale.ROOT)
                  + "-"
                  + product.sku();
          int index = batchList.size();
          Batch b =
              new Batch(
                  index, id, p, r, product.campaign(), codesPerBatch, shippedAt(config, index, n));
          batchesFor[p][r][n] = b;
          batchList.add(b);
        }
      }
    }
    batches = batchList.toArray(new Batch[0]);

    productsByCategory = new int[CATEGORIES.length][];
    for (int c = 0; c < CATEGORIES.length; c++) {
      List<Integer> ps = new ArrayList<>();
      for (int p = 0; p < PRODUCTS.length; p++) {
        if (PRODUCTS[p].category().equals(CATEGORIES[c])) {
          ps.add(p);
        }
      }
      productsByCategory[c] = ps.stream().mapToInt(Integer::intValue).toArray();
    }

    // The counterfeiters copied the last codes of a few batches: real sequential code
    // allocation reaches them only if a batch is almost sold out, which the sizing above avoids.
    fakeCodes = new String[FAKE_CODES];
    fakeCodeBatches = new Batch[FAKE_CODES];
    fakeCodeScanned = new boolean[FAKE_CODES];
    for (int i = 0; i < FAKE_CODES; i++) {
      Batch b = batches[(int) ((i * 37L + Ids.mix(config.seed()) % 11 + 11) % batches.length)];
      fakeCodeBatches[i] = b;
      fakeCodes[i] = code(config.seed(), b, b.codesIssued - 1 - i);
    }
  }

  /**
   * When batch {@code index} (lot {@code lot} of its product and region) was shipped: the first lot
   * 75 to 94 days before the day the run starts, the second 30 to 49 days before, at a working hour
   * (08:00 to 17:00 UTC); the day within the range depends on the seed and the batch. Always before
   * the run, so every scan of a batch's codes comes after its shipment.
   */
  static long shippedAt(GeneratorConfig config, int index, int lot) {
    long startDay = Math.floorDiv(config.startTime(), DAY_MS) * DAY_MS;
    long jitter = Math.floorMod(Ids.mix(config.seed() ^ (0x5B1EL + index)), 20L);
    long daysBefore = (lot == 0 ? 75 : 30) + jitter;
    long hour = 8 + Math.floorMod(index * 7L, 10L);
    return startDay - daysBefore * DAY_MS + hour * HOUR_MS;
  }

  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 24 * HOUR_MS;

  /** The unique code of item {@code serial} of a batch: prefix + scrambled serial + check. */
  static String code(long seed, Batch b, long serial) {
    // A bijection on 30-bit numbers hides the sequence; the check part makes codes unguessable.
    long scrambled = (serial * 0x2545F49L + 0x1F3A5L) & ((1L << 30) - 1);
    long check = Ids.mix(seed ^ (b.index * 0x9E3779B97F4A7C15L) ^ serial) & ((1L << 30) - 1);
    return b.codePrefix + Ids.base32(scrambled, 6) + Ids.base32(check, 6);
  }

  private static long roundUp(long v, long step) {
    return (v + step - 1) / step * step;
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
