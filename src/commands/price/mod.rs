//! `sellkit price`: the fee schedule in force, the profit calculator and repricing suggestions.

mod fees;
mod quote;
mod suggest;
mod wire;

use crate::cli::Context;
use crate::error::Result;

/// Fees, profit and prices.
///
/// `price quote` works out a sale's fees, net proceeds, profit, margin, ROI and break-even
/// price from the marketplace's published fee schedule (one sale, or a CSV list of buy/sell
/// pairs ranked by ROI or profit). `price fees` shows the schedule in force on a date, with its
/// sources. `price suggest` proposes a price for each listing, written as drafts for `review`.
///
/// Examples:
///   sellkit price quote --marketplace etsy --sell 24.95 --cost 8 --shipping 4.95
///   sellkit price quote --input deals.csv --rank profit
///   sellkit price fees --marketplace ebay --on 2024-03-15
///   sellkit price suggest --dry-run
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: PriceCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PriceCommand {
    Quote(Box<quote::QuoteArgs>),
    Fees(fees::FeesArgs),
    Suggest(suggest::SuggestArgs),
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.command {
        PriceCommand::Quote(a) => quote::run(ctx, *a),
        PriceCommand::Fees(a) => fees::run(ctx, a),
        PriceCommand::Suggest(a) => suggest::run(ctx, a),
    }
}
