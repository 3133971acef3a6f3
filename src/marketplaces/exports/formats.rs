//! The registry of export formats: for each, its columns (with the names other languages and
//! sites use) and which of them a header must have to be taken for that format.

use super::{
    Header, MapContext, Mapper, amazon, ebay, etsy, ledger_amazon, ledger_ebay, ledger_etsy,
    ledger_shopify, lots, shopify,
};

/// A column of a format: a key used in code, the header names it goes by, whether it is needed.
#[derive(Debug, Clone, Copy)]
pub struct ColSpec {
    pub key: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

/// One format.
#[derive(Debug)]
pub struct Spec {
    pub format: Format,
    pub title: &'static str,
    pub channel: &'static str,
    pub cols: &'static [ColSpec],
}

/// The formats sellkit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Etsy "Orders" download (EtsySoldOrders*.csv): one row per order
    EtsyOrders,
    /// Etsy "Order Items" download (EtsySoldOrderItems*.csv): one row per item
    EtsyOrderItems,
    /// Etsy "Currently for sale listings" download (EtsyListingsDownload.csv)
    EtsyListings,
    /// Shopify Admin → Orders → Export (orders_export*.csv)
    ShopifyOrders,
    /// Shopify Admin → Products → Export (products_export*.csv), any layout
    ShopifyProducts,
    /// Amazon All Orders report, tab-separated (GET_FLAT_FILE_ALL_ORDERS_DATA_*)
    AmazonOrders,
    /// Amazon All or Active Listings report, tab-separated (GET_MERCHANT_LISTINGS_*)
    AmazonListings,
    /// Amazon Business Report: Detail Page Sales and Traffic by child item (CSV)
    AmazonBusinessReport,
    /// eBay Seller Hub orders report (eBay-OrdersReport-*.csv)
    EbayOrders,
    /// Etsy monthly statement (etsy_statement_YYYY_MM.csv): sales, fees, ads, labels, taxes, deposits
    EtsyStatement,
    /// Etsy deposits download (EtsyDeposits*.csv): one row per deposit to the bank
    EtsyDeposits,
    /// eBay Seller Hub → Payments → Reports: transaction report (orders, fees, labels, payouts)
    EbayTransactions,
    /// Amazon settlement flat file, older layout with typed fee columns (tab-separated)
    AmazonSettlement,
    /// Amazon settlement flat file V2: amount-type, amount-description, amount (tab-separated)
    AmazonSettlementV2,
    /// Amazon date-range transaction report (*MonthlyUnifiedTransaction.csv), US or pt-BR
    AmazonTransactions,
    /// Shopify Payments transactions export (payment_transactions_export*.csv)
    ShopifyPayments,
    /// Shopify Payments payouts export (payouts_export*.csv)
    ShopifyPayouts,
    /// Purchase lots the seller writes: sku,received_on,quantity,unit_cost,landed_cost,currency,lot
    PurchaseLots,
}

impl Format {
    pub const ALL: [Format; 18] = [
        Format::EtsyOrders,
        Format::EtsyOrderItems,
        Format::EtsyListings,
        Format::ShopifyOrders,
        Format::ShopifyProducts,
        Format::AmazonOrders,
        Format::AmazonListings,
        Format::AmazonBusinessReport,
        Format::EbayOrders,
        Format::EtsyStatement,
        Format::EtsyDeposits,
        Format::EbayTransactions,
        Format::AmazonSettlement,
        Format::AmazonSettlementV2,
        Format::AmazonTransactions,
        Format::ShopifyPayments,
        Format::ShopifyPayouts,
        Format::PurchaseLots,
    ];

    /// The name used by `--as` and in output.
    pub fn name(self) -> &'static str {
        match self {
            Format::EtsyOrders => "etsy-orders",
            Format::EtsyOrderItems => "etsy-order-items",
            Format::EtsyListings => "etsy-listings",
            Format::ShopifyOrders => "shopify-orders",
            Format::ShopifyProducts => "shopify-products",
            Format::AmazonOrders => "amazon-orders",
            Format::AmazonListings => "amazon-listings",
            Format::AmazonBusinessReport => "amazon-business-report",
            Format::EbayOrders => "ebay-orders",
            Format::EtsyStatement => "etsy-statement",
            Format::EtsyDeposits => "etsy-deposits",
            Format::EbayTransactions => "ebay-transactions",
            Format::AmazonSettlement => "amazon-settlement",
            Format::AmazonSettlementV2 => "amazon-settlement-v2",
            Format::AmazonTransactions => "amazon-transactions",
            Format::ShopifyPayments => "shopify-payments",
            Format::ShopifyPayouts => "shopify-payouts",
            Format::PurchaseLots => "purchase-lots",
        }
    }

    pub fn spec(self) -> &'static Spec {
        match self {
            Format::EtsyOrders => &etsy::ORDERS,
            Format::EtsyOrderItems => &etsy::ORDER_ITEMS,
            Format::EtsyListings => &etsy::LISTINGS,
            Format::ShopifyOrders => &shopify::ORDERS,
            Format::ShopifyProducts => &shopify::PRODUCTS,
            Format::AmazonOrders => &amazon::ORDERS,
            Format::AmazonListings => &amazon::LISTINGS,
            Format::AmazonBusinessReport => &amazon::BUSINESS_REPORT,
            Format::EbayOrders => &ebay::ORDERS,
            Format::EtsyStatement => &ledger_etsy::STATEMENT,
            Format::EtsyDeposits => &ledger_etsy::DEPOSITS,
            Format::EbayTransactions => &ledger_ebay::TRANSACTIONS,
            Format::AmazonSettlement => &ledger_amazon::SETTLEMENT,
            Format::AmazonSettlementV2 => &ledger_amazon::SETTLEMENT_V2,
            Format::AmazonTransactions => &ledger_amazon::TRANSACTIONS,
            Format::ShopifyPayments => &ledger_shopify::PAYMENTS,
            Format::ShopifyPayouts => &ledger_shopify::PAYOUTS,
            Format::PurchaseLots => &lots::LOTS,
        }
    }

    /// The first header name of each required column the header lacks.
    pub fn missing(self, header: &Header) -> Vec<&'static str> {
        self.spec()
            .cols
            .iter()
            .filter(|c| c.required && header.find(c.names).is_none())
            .map(|c| c.names[0])
            .collect()
    }

    pub fn mapper(self, header: &Header, ctx: &MapContext) -> Box<dyn Mapper> {
        match self {
            Format::EtsyOrders => Box::new(etsy::OrdersMapper::new(header, ctx)),
            Format::EtsyOrderItems => Box::new(etsy::ItemsMapper::new(header, ctx)),
            Format::EtsyListings => Box::new(etsy::ListingsMapper::new(header, ctx)),
            Format::ShopifyOrders => Box::new(shopify::OrdersMapper::new(header, ctx)),
            Format::ShopifyProducts => Box::new(shopify::ProductsMapper::new(header, ctx)),
            Format::AmazonOrders => Box::new(amazon::OrdersMapper::new(header, ctx)),
            Format::AmazonListings => Box::new(amazon::ListingsMapper::new(header, ctx)),
            Format::AmazonBusinessReport => Box::new(amazon::BusinessMapper::new(header, ctx)),
            Format::EbayOrders => Box::new(ebay::OrdersMapper::new(header, ctx)),
            Format::EtsyStatement => Box::new(ledger_etsy::StatementMapper::new(header, ctx)),
            Format::EtsyDeposits => Box::new(ledger_etsy::DepositsMapper::new(header, ctx)),
            Format::EbayTransactions => Box::new(ledger_ebay::TransactionsMapper::new(header, ctx)),
            Format::AmazonSettlement => Box::new(ledger_amazon::SettlementMapper::new(header, ctx)),
            Format::AmazonSettlementV2 => {
                Box::new(ledger_amazon::SettlementMapper::new_v2(header, ctx))
            }
            Format::AmazonTransactions => {
                Box::new(ledger_amazon::TransactionsMapper::new(header, ctx))
            }
            Format::ShopifyPayments => Box::new(ledger_shopify::PaymentsMapper::new(header, ctx)),
            Format::ShopifyPayouts => Box::new(ledger_shopify::PayoutsMapper::new(header, ctx)),
            Format::PurchaseLots => Box::new(lots::LotsMapper::new(header, ctx)),
        }
    }
}

/// The format whose required columns are all in `header` (the most specific when several are);
/// otherwise the nearest format and the columns it lacks.
pub fn detect(header: &Header) -> Result<Format, (Format, Vec<&'static str>)> {
    let mut best: Option<(Format, usize)> = None;
    let mut nearest: Option<(Format, Vec<&'static str>, usize)> = None;
    for f in Format::ALL {
        let missing = f.missing(header);
        let required = f.spec().cols.iter().filter(|c| c.required).count();
        if missing.is_empty() {
            if best.is_none_or(|(_, n)| required > n) {
                best = Some((f, required));
            }
        } else {
            let found = required - missing.len();
            // Nearest: most required columns found, then fewest missing.
            let better = match &nearest {
                None => true,
                Some((_, m, fd)) => found > *fd || (found == *fd && missing.len() < m.len()),
            };
            if better {
                nearest = Some((f, missing, found));
            }
        }
    }
    match (best, nearest) {
        (Some((f, _)), _) => Ok(f),
        (None, Some((f, m, _))) => Err((f, m)),
        (None, None) => Err((Format::ShopifyOrders, Vec::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str, delim: char) -> Header {
        Header::new(csv::StringRecord::from(
            line.split(delim).collect::<Vec<_>>(),
        ))
    }

    #[test]
    fn every_documented_header_is_detected() {
        let cases: &[(&str, char, Format)] = &[
            (
                "\"Sale Date\",\"Order ID\",\"Buyer User ID\",\"Full Name\",\"First Name\",\"Last Name\",\"Number of Items\",\"Payment Method\",\"Date Shipped\",\"Street 1\",\"Street 2\",\"Ship City\",\"Ship State\",\"Ship Zipcode\",\"Ship Country\",Currency,\"Order Value\",\"Coupon Code\",\"Coupon Details\",\"Discount Amount\",\"Shipping Discount\",Shipping,\"Sales Tax\",\"Order Total\",Status,\"Card Processing Fees\",\"Order Net\",\"Adjusted Order Total\",\"Adjusted Card Processing Fees\",\"Adjusted Net Order Amount\",Buyer,\"Order Type\",\"Payment Type\",\"InPerson Discount\",\"InPerson Location\",SKU",
                ',',
                Format::EtsyOrders,
            ),
            (
                "\"Sale Date\",\"Item Name\",Buyer,Quantity,Price,\"Coupon Code\",\"Coupon Details\",\"Discount Amount\",\"Shipping Discount\",\"Order Shipping\",\"Order Sales Tax\",\"Item Total\",Currency,\"Transaction ID\",\"Listing ID\",\"Date Paid\",\"Date Shipped\",\"Ship Name\",\"Ship Address1\",\"Ship Address2\",\"Ship City\",\"Ship State\",\"Ship Zipcode\",\"Ship Country\",\"Order ID\",Variations,\"Order Type\",\"Listings Type\",\"Payment Type\",\"InPerson Discount\",\"InPerson Location\",\"VAT Paid by Buyer\",SKU",
                ',',
                Format::EtsyOrderItems,
            ),
            (
                "TITOLO,DESCRIZIONE,PREZZO,CURRENCY_CODE,QUANTITÀ,TAG,MATERIALI,IMMAGINE1,IMMAGINE2,IMMAGINE3,IMMAGINE4,IMMAGINE5,IMMAGINE6,IMMAGINE7,IMMAGINE8,IMMAGINE9,IMMAGINE10,\"TIPO VARIANTE 1\",\"NOME VARIANTE 1\",\"VALORI VARIANTE 1\",\"TIPO VARIANTE 2\",\"NOME VARIANTE 2\",\"VALORI VARIANTE 2\",SKU",
                ',',
                Format::EtsyListings,
            ),
            (
                "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsales-channel\torder-channel\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\tshipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\titem-promotion-discount\tship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\tpromotion-ids",
                '\t',
                Format::AmazonOrders,
            ),
            (
                "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\timage-url\titem-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\titem-condition\tzshop-category1\tzshop-browse-path\tzshop-storefront-feature\tasin1\tasin2\tasin3\twill-ship-internationally\texpedited-shipping\tzshop-boldface\tproduct-id\tbid-for-featured-placement\tadd-delete\tpending-quantity\tfulfillment-channel\tmerchant-shipping-group\tstatus",
                '\t',
                Format::AmazonListings,
            ),
            (
                "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions - Total,Sessions - Total - B2B,Session Percentage - Total,Session Percentage - Total - B2B,Page Views - Total,Page Views - Total - B2B,Page Views Percentage - Total,Page Views Percentage - Total - B2B,Featured Offer (Buy Box) Percentage,Featured Offer (Buy Box) Percentage - B2B,Units Ordered,Units Ordered - B2B,Unit Session Percentage,Unit Session Percentage - B2B,Ordered Product Sales,Ordered Product Sales - B2B,Total Order Items,Total Order Items - B2B",
                ',',
                Format::AmazonBusinessReport,
            ),
            (
                "(Übergeordnete) ASIN,(Untergeordnete) ASIN,Titel,SKU,Sitzungen\u{a0}– Summe,Sitzungen – Summe – B2B,Prozentwert an Sitzungen – Summe,Prozentsatz Sitzung – Summe – B2B,Seitenaufrufe – Summe,Seitenaufrufe – Summe – B2B,Prozentsatz Seitenaufrufe – Summe,Prozentsatz Seitenaufrufe – Summe – B2B,x,y,Bestellte Einheiten,Bestellte Einheiten – B2B,Prozentsatz an Einheiten pro Sitzung,Prozentsatz an Einheiten pro Sitzung – B2B,Durch bestellte Produkte erzielter Umsatz,Bestellsumme – B2B,Zahl der Bestellposten,Zahl der Bestellposten – B2B",
                ',',
                Format::AmazonBusinessReport,
            ),
            (
                "Sales record number,Order number,Buyer username,Buyer name,Post to name,Post to address 1,Post to city,Post to county,Post to postcode,Post to country,Item number,Item title,Custom label,Quantity,Sold for,Postage and packaging,Total price,Sale date,Paid on date,Dispatched on date,Transaction ID",
                ',',
                Format::EbayOrders,
            ),
            (
                "Date,Type,Title,Info,Currency,Amount,\"Fees & Taxes\",Net,\"Tax Details\"",
                ',',
                Format::EtsyStatement,
            ),
            (
                "Date,Type,Title,Info,Currency,Amount,Fees & Taxes,Net,Tax Details",
                ',',
                Format::EtsyStatement,
            ),
            (
                "Date,Amount,Currency,Status,\"Bank Account Ending Digits\"",
                ',',
                Format::EtsyDeposits,
            ),
            (
                "\"Transaction creation date\",\"Type\",\"Order number\",\"Legacy order ID\",\"Buyer username\",\"Buyer name\",\"Ship to city\",\"Ship to province/region/state\",\"Ship to zip\",\"Ship to country\",\"Net amount\",\"Payout currency\",\"Payout date\",\"Payout ID\",\"Payout method\",\"Payout status\",\"Reason for hold\",\"Item ID\",\"Transaction ID\",\"Item title\",\"Custom label\",\"Quantity\",\"Item subtotal\",\"Shipping and handling\",\"Seller collected tax\",\"eBay collected tax\",\"Final Value Fee - fixed\",\"Final Value Fee - variable\",\"Very high \"\"item not as described\"\" fee\",\"Below standard performance fee\",\"International fee\",\"Gross transaction amount\",\"Transaction currency\",\"Exchange rate\",\"Reference ID\",\"Description\"",
                ',',
                Format::EbayTransactions,
            ),
            (
                "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tshipment-fee-type\tshipment-fee-amount\torder-fee-type\torder-fee-amount\tfulfillment-id\tposted-date\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tprice-type\tprice-amount\titem-related-fee-type\titem-related-fee-amount\tmisc-fee-amount\tother-fee-amount\tother-fee-reason-description\tpromotion-id\tpromotion-type\tpromotion-amount\tdirect-payment-type\tdirect-payment-amount\tother-amount",
                '\t',
                Format::AmazonSettlement,
            ),
            (
                "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased",
                '\t',
                Format::AmazonSettlementV2,
            ),
            (
                "\"data/hora\",\"id de liquidação\",\"tipo\",\"id do pedido\",\"sku\",\"descrição\",\"quantidade\",\"mercado\",\"tipo de conta\",\"atendimento\",\"cidade do pedido\",\"estado do pedido\",\"postal do pedido\",\"vendas do produto\",\"créditos de remessa\",\"créditos de embalagem de presente\",\"descontos promocionais\",\"imposto de vendas coletados\",\"tarifas de venda\",\"taxas fba\",\"taxas de outras transações\",\"outro\",\"total\",\"Status da transação\",\"Data de liberação da transação\"",
                ',',
                Format::AmazonTransactions,
            ),
            (
                "\"date/time\",\"settlement id\",\"type\",\"order id\",\"sku\",\"description\",\"quantity\",\"marketplace\",\"fulfillment\",\"order city\",\"order state\",\"order postal\",\"product sales\",\"shipping credits\",\"gift wrap credits\",\"promotional rebates\",\"sales tax collected\",\"Marketplace Facilitator Tax\",\"selling fees\",\"fba fees\",\"other transaction fees\",\"other\",\"total\"",
                ',',
                Format::AmazonTransactions,
            ),
            (
                "Transaction Date,Type,Order,Card Brand,Card Source,Payout Status,Payout Date,Available On,Amount,Fee,Net,Checkout,Payment Method Name,Presentment Amount,Presentment Currency,Currency",
                ',',
                Format::ShopifyPayments,
            ),
            (
                "Transaction Date,Type,Order,Card Brand,Card Source,Payout Status,Payout Date,Payout ID,Available On,Amount,Fee,Net,Checkout,Payment Method Name,Presentment Amount,Presentment Currency,Currency,VAT",
                ',',
                Format::ShopifyPayments,
            ),
            (
                "Payout Date,Status,Charges,Refunds,Adjustments,Reserved Funds,Fees,Retried Amount,Total,Currency",
                ',',
                Format::ShopifyPayouts,
            ),
            (
                "sku,received_on,quantity,unit_cost,landed_cost,currency,lot",
                ',',
                Format::PurchaseLots,
            ),
            (
                "sku,received_on,quantity,unit_cost,currency",
                ',',
                Format::PurchaseLots,
            ),
        ];
        for (line, d, want) in cases {
            let h = header(line, *d);
            assert_eq!(detect(&h).ok(), Some(*want), "{line}");
        }
    }

    #[test]
    fn unknown_header_names_the_nearest_format() {
        let h = header("Name,Email,Currency,Total,Created at,Lineitem name", ',');
        let (f, missing) = detect(&h).unwrap_err();
        assert_eq!(f, Format::ShopifyOrders);
        assert!(missing.contains(&"Lineitem quantity"), "{missing:?}");
    }
}
