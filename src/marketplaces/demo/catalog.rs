//! The words, places and terms the demo shop is made of.

/// A product family: SKU prefix, noun, category, price band (cents), cost share (bp of price),
/// weight (g), dims (mm), and whether gift seasons lift it.
pub struct Family {
    pub prefix: &'static str,
    pub noun: &'static str,
    pub category: &'static str,
    pub price: (i64, i64),
    pub cost_bp: (i64, i64),
    pub weight_g: i64,
    pub dims_mm: (i64, i64, i64),
    pub giftable: bool,
    pub tags: &'static [&'static str],
}

/// A family's parcel: weight (g) and dimensions (mm).
const fn parcel(weight_g: i64, dims_mm: (i64, i64, i64)) -> (i64, (i64, i64, i64)) {
    (weight_g, dims_mm)
}

const fn fam(
    prefix: &'static str,
    noun: &'static str,
    category: &'static str,
    price: (i64, i64),
    (weight_g, dims_mm): (i64, (i64, i64, i64)),
    giftable: bool,
    tags: &'static [&'static str],
) -> Family {
    Family {
        prefix,
        noun,
        category,
        price,
        cost_bp: (2800, 5000),
        weight_g,
        dims_mm,
        giftable,
        tags,
    }
}

/// Steady families: most of the catalogue.
pub const FAMILIES: &[Family] = &[
    fam(
        "MUG",
        "Mug",
        "Home & Living",
        (1800, 4200),
        parcel(420, (120, 90, 100)),
        true,
        &[
            "mug",
            "coffee mug",
            "ceramic mug",
            "pottery",
            "gift for her",
        ],
    ),
    fam(
        "CDL",
        "Candle",
        "Home & Living",
        (1400, 3600),
        parcel(350, (80, 80, 100)),
        true,
        &["soy candle", "scented candle", "candle gift", "home decor"],
    ),
    fam(
        "VAS",
        "Vase",
        "Home & Living",
        (2400, 7800),
        parcel(800, (120, 120, 250)),
        false,
        &["vase", "bud vase", "flower vase", "ceramic vase"],
    ),
    fam(
        "PLT",
        "Planter",
        "Home & Living",
        (1600, 5400),
        parcel(650, (140, 140, 130)),
        false,
        &["planter", "plant pot", "succulent pot", "indoor planter"],
    ),
    fam(
        "NCK",
        "Necklace",
        "Jewelry",
        (2200, 9800),
        parcel(40, (100, 80, 20)),
        true,
        &[
            "necklace",
            "pendant",
            "dainty necklace",
            "gift for her",
            "layering necklace",
        ],
    ),
    fam(
        "EAR",
        "Earrings",
        "Jewelry",
        (1600, 6400),
        parcel(20, (80, 60, 15)),
        true,
        &[
            "earrings",
            "stud earrings",
            "drop earrings",
            "minimalist jewelry",
        ],
    ),
    fam(
        "RNG",
        "Ring",
        "Jewelry",
        (1800, 8800),
        parcel(15, (60, 60, 30)),
        true,
        &["ring", "stacking ring", "silver ring", "promise ring"],
    ),
    fam(
        "PRT",
        "Art Print",
        "Art & Prints",
        (1200, 4800),
        parcel(120, (300, 220, 5)),
        false,
        &[
            "art print",
            "wall art",
            "poster",
            "botanical print",
            "gallery wall",
        ],
    ),
    fam(
        "CRD",
        "Greeting Card",
        "Paper & Party",
        (450, 900),
        parcel(30, (160, 120, 5)),
        true,
        &["greeting card", "birthday card", "thank you card", "card"],
    ),
    fam(
        "SOP",
        "Soap Bar",
        "Bath & Beauty",
        (700, 1400),
        parcel(120, (80, 60, 30)),
        true,
        &["soap", "natural soap", "handmade soap", "vegan soap"],
    ),
    fam(
        "BBM",
        "Bath Bomb",
        "Bath & Beauty",
        (600, 1200),
        parcel(150, (70, 70, 70)),
        true,
        &["bath bomb", "spa gift", "self care", "bath"],
    ),
    fam(
        "TOT",
        "Tote Bag",
        "Bags & Purses",
        (1800, 4400),
        parcel(200, (400, 380, 10)),
        false,
        &["tote bag", "canvas tote", "market bag", "shopping bag"],
    ),
    fam(
        "BLK",
        "Throw Blanket",
        "Home & Living",
        (4800, 12800),
        parcel(1400, (400, 300, 120)),
        true,
        &["throw blanket", "blanket", "cozy decor", "sofa throw"],
    ),
    fam(
        "PUZ",
        "Wooden Puzzle",
        "Toys & Games",
        (2200, 5200),
        parcel(450, (250, 250, 40)),
        true,
        &["wooden puzzle", "puzzle", "kids gift", "montessori toy"],
    ),
    fam(
        "CST",
        "Coaster Set",
        "Home & Living",
        (1400, 3200),
        parcel(300, (110, 110, 40)),
        true,
        &[
            "coasters",
            "coaster set",
            "housewarming gift",
            "table decor",
        ],
    ),
    fam(
        "WHG",
        "Macrame Wall Hanging",
        "Home & Living",
        (2800, 7800),
        parcel(500, (600, 400, 30)),
        false,
        &["macrame", "wall hanging", "boho decor", "fiber art"],
    ),
];

/// Families of the planted rising products: new, growing fast, named after rising search terms.
pub const RISING: &[Family] = &[
    fam(
        "MSH",
        "Mushroom Lamp",
        "Home & Living",
        (3800, 8800),
        parcel(700, (180, 180, 260)),
        true,
        &[
            "mushroom lamp",
            "mushroom decor",
            "cottagecore",
            "night light",
        ],
    ),
    fam(
        "FRG",
        "Frog Planter",
        "Home & Living",
        (2200, 4600),
        parcel(600, (140, 140, 120)),
        false,
        &["frog planter", "frog decor", "cute planter", "plant pot"],
    ),
    fam(
        "BOW",
        "Bow Earrings",
        "Jewelry",
        (1800, 4200),
        parcel(20, (80, 60, 15)),
        true,
        &["bow earrings", "bow jewelry", "coquette", "ribbon earrings"],
    ),
    fam(
        "CHK",
        "Checkered Tote Bag",
        "Bags & Purses",
        (2400, 4800),
        parcel(220, (400, 380, 10)),
        false,
        &["checkered tote", "checkered bag", "y2k bag", "tote bag"],
    ),
];

pub const STYLES: &[&str] = &[
    "Hand-thrown Stoneware",
    "Minimalist",
    "Boho",
    "Botanical",
    "Vintage-style",
    "Personalized",
    "Sterling Silver",
    "Linen",
    "Speckled",
    "Hand-painted",
    "Terracotta",
    "Scandinavian",
    "Celestial",
    "Wildflower",
    "Ocean Blue",
    "Sage Green",
];

/// Ship-to cities: (city, region, country, population in thousands, approximate; for weighting).
pub const CITIES: &[(&str, &str, &str, u32)] = &[
    ("New York", "NY", "US", 8336),
    ("Los Angeles", "CA", "US", 3822),
    ("Chicago", "IL", "US", 2665),
    ("Houston", "TX", "US", 2303),
    ("Phoenix", "AZ", "US", 1644),
    ("Philadelphia", "PA", "US", 1567),
    ("San Antonio", "TX", "US", 1472),
    ("San Diego", "CA", "US", 1381),
    ("Dallas", "TX", "US", 1300),
    ("Austin", "TX", "US", 974),
    ("Jacksonville", "FL", "US", 971),
    ("Columbus", "OH", "US", 907),
    ("Seattle", "WA", "US", 749),
    ("Denver", "CO", "US", 716),
    ("Boston", "MA", "US", 654),
    ("Nashville", "TN", "US", 683),
    ("Portland", "OR", "US", 635),
    ("Atlanta", "GA", "US", 499),
    ("Minneapolis", "MN", "US", 425),
    ("Burlington", "VT", "US", 45),
    ("London", "England", "GB", 8866),
    ("Manchester", "England", "GB", 568),
    ("Bristol", "England", "GB", 472),
    ("Edinburgh", "Scotland", "GB", 514),
    ("Toronto", "ON", "CA", 2794),
    ("Montreal", "QC", "CA", 1762),
    ("Vancouver", "BC", "CA", 662),
    ("Berlin", "Berlin", "DE", 3755),
    ("Hamburg", "Hamburg", "DE", 1892),
    ("Munich", "Bavaria", "DE", 1512),
    ("Sydney", "NSW", "AU", 5450),
    ("Melbourne", "VIC", "AU", 5207),
    ("Paris", "Île-de-France", "FR", 2103),
    ("Lyon", "Auvergne-Rhône-Alpes", "FR", 522),
    ("Amsterdam", "North Holland", "NL", 921),
    ("Dublin", "Leinster", "IE", 592),
];

/// Per-channel weight multipliers by country (US sellers sell mostly at home; Amazon.com most).
pub fn country_weight(channel: usize, country: &str) -> u32 {
    let us = country == "US";
    match channel {
        0 => {
            if us {
                6
            } else {
                3
            }
        } // etsy: the most international
        1 => {
            if us {
                8
            } else {
                2
            }
        } // shopify
        2 => {
            if us {
                20
            } else {
                1
            }
        } // amazon.com
        _ => {
            if us {
                10
            } else {
                2
            }
        } // ebay
    }
}

/// Competitor seller names on the demo's marketplaces.
pub const COMPETITORS: &[&str] = &[
    "CraftHaven",
    "NorthLoom",
    "MossAndClay",
    "StudioJuniper",
    "TheKilnRoom",
    "LittleBrassBird",
    "WickAndWane",
    "OakHollowGoods",
    "PaperMoonPress",
    "SaltMarshSoap",
];

/// Search terms with their shape in the demo's trend signals: (term, kind).
/// kind: 'r' rising, 's' seasonal (December), 'v' seasonal (February), 'f' flat, 'd' declining.
pub const TERMS: &[(&str, char)] = &[
    ("mushroom lamp", 'r'),
    ("frog planter", 'r'),
    ("bow earrings", 'r'),
    ("checkered tote", 'r'),
    ("coquette decor", 'r'),
    ("christmas ornament", 's'),
    ("advent calendar", 's'),
    ("stocking stuffer", 's'),
    ("valentine card", 'v'),
    ("galentines gift", 'v'),
    ("coffee mug", 'f'),
    ("scented candle", 'f'),
    ("art print", 'f'),
    ("tote bag", 'f'),
    ("stud earrings", 'f'),
    ("soy candle", 'f'),
    ("macrame wall hanging", 'd'),
    ("fidget toy", 'd'),
    ("resin coaster", 'd'),
];
