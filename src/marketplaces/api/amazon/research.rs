//! Keyword research for `trends fetch --source amazon`: searchCatalogItems for a keyword's
//! competition and sales ranks, getCompetitivePricing for the New Buy Box price band.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CatalogSearch {
    #[serde(default)]
    pub(super) number_of_results: i64,
    #[serde(default)]
    pub(super) items: Vec<CatalogItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CatalogItem {
    pub(super) asin: String,
    #[serde(default)]
    pub(super) sales_ranks: Vec<CatalogSalesRanks>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CatalogSalesRanks {
    pub(super) marketplace_id: String,
    #[serde(default)]
    pub(super) classification_ranks: Vec<CatalogRank>,
    #[serde(default)]
    pub(super) display_group_ranks: Vec<CatalogRank>,
}

#[derive(Debug, Deserialize)]
pub(super) struct CatalogRank {
    pub(super) rank: i64,
}

#[derive(Debug, Deserialize)]
pub(super) struct CompetitivePricingList {
    #[serde(default)]
    pub(super) payload: Vec<CompetitivePrice>,
}

#[derive(Debug, Deserialize)]
pub(super) struct CompetitivePrice {
    pub(super) status: String,
    #[serde(rename = "ASIN")]
    pub(super) asin: Option<String>,
    #[serde(rename = "Product")]
    pub(super) product: Option<PricedProduct>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PricedProduct {
    pub(super) competitive_pricing: Option<CompetitivePricing>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CompetitivePricing {
    #[serde(default)]
    pub(super) competitive_prices: Vec<CompetitivePriceEntry>,
    #[serde(default)]
    pub(super) number_of_offer_listings: Vec<OfferListingCount>,
}

#[derive(Debug, Deserialize)]
pub(super) struct CompetitivePriceEntry {
    #[serde(rename = "CompetitivePriceId")]
    pub(super) id: String,
    #[serde(rename = "Price")]
    pub(super) price: CompetitivePriceAmounts,
    #[serde(default)]
    pub(super) condition: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CompetitivePriceAmounts {
    pub(super) listing_price: MoneyW,
}

#[derive(Debug, Deserialize)]
pub(super) struct OfferListingCount {
    #[serde(rename = "Count")]
    pub(super) count: i64,
    pub(super) condition: String,
}

/// What Amazon's catalogue says about one keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordMarket {
    /// Amazon's estimate of the catalogue items matching the keyword (`numberOfResults`).
    pub results: i64,
    /// ASINs on the first page of results, whose prices were asked for.
    pub asins: usize,
    /// The New Buy Box listing price of each ASIN that has one (without shipping).
    pub prices: Vec<Money>,
    /// New offer listings summed over those ASINs.
    pub offer_listings: i64,
    /// The best (lowest) sales rank among those ASINs in this marketplace.
    pub best_sales_rank: Option<i64>,
}

/// The New Buy Box price of an item: CompetitivePriceId 1, or a price whose condition is New.
pub(super) fn new_buy_box(p: &CompetitivePricing) -> Option<&CompetitivePriceEntry> {
    p.competitive_prices
        .iter()
        .find(|c| c.id == "1")
        .or_else(|| {
            p.competitive_prices.iter().find(|c| {
                c.condition
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("new"))
            })
        })
}

impl AmazonConnector {
    /// A keyword's competition and price band: searchCatalogItems (first page of up to 20
    /// items, with sales ranks), then getCompetitivePricing for those ASINs in one call.
    pub async fn keyword_market(&mut self, keyword: &str) -> Result<KeywordMarket> {
        let market = self.cfg.marketplace_id.clone();
        let url = self.url("/catalog/2022-04-01/items");
        let q = [
            ("keywords", keyword.to_string()),
            ("marketplaceIds", market.clone()),
            ("includedData", "summaries,salesRanks".to_string()),
            ("pageSize", "20".to_string()),
        ];
        let found: CatalogSearch = self.get("searchCatalogItems", &url, &q).await?;
        let mut asins: Vec<String> = Vec::new();
        let mut best_sales_rank: Option<i64> = None;
        for item in &found.items {
            if item.asin.is_empty() || asins.contains(&item.asin) {
                continue;
            }
            asins.push(item.asin.clone());
            let ranks = item
                .sales_ranks
                .iter()
                .filter(|r| r.marketplace_id == market)
                .flat_map(|r| r.display_group_ranks.iter().chain(&r.classification_ranks))
                .map(|r| r.rank)
                .filter(|r| *r > 0);
            for r in ranks {
                best_sales_rank = Some(best_sales_rank.map_or(r, |b| b.min(r)));
            }
        }
        asins.truncate(20);
        let mut out = KeywordMarket {
            results: found.number_of_results.max(asins.len() as i64),
            asins: asins.len(),
            prices: Vec::new(),
            offer_listings: 0,
            best_sales_rank,
        };
        if asins.is_empty() {
            return Ok(out);
        }
        let url = self.url("/products/pricing/v0/competitivePrice");
        let q = [
            ("MarketplaceId", market),
            ("ItemType", "Asin".to_string()),
            ("Asins", asins.join(",")),
        ];
        let priced: CompetitivePricingList = self.get("getCompetitivePricing", &url, &q).await?;
        for p in priced.payload {
            if !p.status.eq_ignore_ascii_case("success") {
                continue;
            }
            let Some(cp) = p.product.and_then(|p| p.competitive_pricing) else {
                continue;
            };
            out.offer_listings += cp
                .number_of_offer_listings
                .iter()
                .filter(|n| n.condition.eq_ignore_ascii_case("new"))
                .map(|n| n.count.max(0))
                .sum::<i64>();
            let Some(entry) = new_buy_box(&cp) else {
                continue;
            };
            let record = format!("ASIN {}", p.asin.as_deref().unwrap_or("?"));
            let at = At {
                marketplace: "amazon",
                op: "getCompetitivePricing",
                record: &record,
            };
            let price = &entry.price.listing_price;
            let currency = at.currency("Price.ListingPrice.CurrencyCode", &price.currency_code)?;
            let minor = at.minor("Price.ListingPrice.Amount", &price.amount.0, currency)?;
            out.prices.push(Money::new(minor, currency));
        }
        Ok(out)
    }
}
