
use builtin;
use str;

set edit:completion:arg-completer[sellkit] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sellkit'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sellkit'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand sync 'Bring marketplace data into the local store.'
            cand forecast 'Forecast demand per SKU and plan restocking.'
            cand report 'The morning report: profit and loss, inventory, forecast accuracy and the agents'' brief.'
            cand price 'Fees, profit and prices'
            cand agents 'Run sellkit''s agents. They only write drafts: nothing is posted until you approve it in `sellkit review`'
            cand review 'Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each'
            cand post 'Publish approved drafts to their marketplaces'
            cand trends 'Rising products and keywords, scored with their evidence.'
            cand fx 'Exchange rates: the European Central Bank''s euro reference rates.'
            cand auth 'Sign in to a marketplace, see where credentials come from, sign out.'
            cand config 'Read and change settings.'
            cand db 'Look after the database file.'
            cand completions 'Print a shell completion script.'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;sync'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand demo 'Fill the embedded demo shop: no account, no network'
            cand import 'Import export files downloaded from Etsy, Shopify, Amazon or eBay'
            cand etsy 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3'
            cand shopify 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API'
            cand ebay 'Pull orders, inventory items with their offers, and competitors'' offers from eBay''s APIs'
            cand amazon 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API'
            cand all 'Sync every marketplace whose credentials are complete, one after the other'
            cand rejects 'List the records a marketplace sync rejected, or clear them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;sync;demo'= {
            cand --seed 'Seed of the generator [config: demo.seed, default 42]'
            cand --skus 'Number of SKUs [config: demo.skus, default 48]'
            cand --days 'Days of order history, ending yesterday [config: demo.days, default 730]'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;import'= {
            cand --as 'Read every file as this format instead of detecting it from the header'
            cand --rejects 'Rejects file for all inputs (with --lenient) [default: FILE.rejects.csv beside each input]'
            cand --currency 'Currency of files that do not state one [config: import.currency, default USD]'
            cand --shop 'Store name for files that do not say which store they are from [config: import.shop]'
            cand --encoding 'Read the files in this encoding instead of detecting it'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --lenient 'Import the good rows and write the bad ones to a rejects CSV'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;etsy'= {
            cand --since 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync'
            cand --only 'Only these resources (repeat or separate with commas)'
            cand --max-pages 'Stop after this many pages in all; the next run resumes where this one stopped'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --full 'Ignore the stored cursors and pull everything again'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;shopify'= {
            cand --since 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync'
            cand --only 'Only these resources (repeat or separate with commas)'
            cand --max-pages 'Stop after this many pages in all; the next run resumes where this one stopped'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --full 'Ignore the stored cursors and pull everything again'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;ebay'= {
            cand --since 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync'
            cand --only 'Only these resources (repeat or separate with commas)'
            cand --max-pages 'Stop after this many pages in all; the next run resumes where this one stopped'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --full 'Ignore the stored cursors and pull everything again'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;amazon'= {
            cand --since 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync'
            cand --only 'Only these resources (repeat or separate with commas)'
            cand --max-pages 'Stop after this many pages in all; the next run resumes where this one stopped'
            cand --report 'Backfill from a bulk report (All Orders by last update, or All Listings) instead of the API pages; the window starts at --since (default: 30 days back; --full: two years back)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --full 'Ignore the stored cursors and pull everything again'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;all'= {
            cand --since 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync'
            cand --only 'Only these resources (repeat or separate with commas)'
            cand --max-pages 'Stop after this many pages in all; the next run resumes where this one stopped'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --full 'Ignore the stored cursors and pull everything again'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;rejects'= {
            cand --marketplace 'Only the rejects of this marketplace'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --details 'Also show each record as the marketplace sent it (secrets redacted)'
            cand --clear 'Delete the rejects (of --marketplace, or all) instead of listing them'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;sync;help'= {
            cand demo 'Fill the embedded demo shop: no account, no network'
            cand import 'Import export files downloaded from Etsy, Shopify, Amazon or eBay'
            cand etsy 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3'
            cand shopify 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API'
            cand ebay 'Pull orders, inventory items with their offers, and competitors'' offers from eBay''s APIs'
            cand amazon 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API'
            cand all 'Sync every marketplace whose credentials are complete, one after the other'
            cand rejects 'List the records a marketplace sync rejected, or clear them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;sync;help;demo'= {
        }
        &'sellkit;sync;help;import'= {
        }
        &'sellkit;sync;help;etsy'= {
        }
        &'sellkit;sync;help;shopify'= {
        }
        &'sellkit;sync;help;ebay'= {
        }
        &'sellkit;sync;help;amazon'= {
        }
        &'sellkit;sync;help;all'= {
        }
        &'sellkit;sync;help;rejects'= {
        }
        &'sellkit;sync;help;help'= {
        }
        &'sellkit;forecast'= {
            cand --freq 'Forecast period [config: forecast.freq]'
            cand --horizon 'Periods to forecast [default: 28 days, 12 weeks or 6 months; with --input required]'
            cand --history 'Periods of history the models see [default: 365 days, 156 weeks or 60 months]'
            cand --sku 'Only this SKU'
            cand --by 'Rank places by units sold, with revenue, share, growth and units per 100,000 people (where the population is known), instead of forecasting'
            cand --days 'Days in the --by period, compared with the same number of days before it'
            cand --input 'Forecast every series of a long CSV file (columns unique_id,ds,y; ds a date or an integer) instead of the store; `-` reads stdin. Prints unique_id,ds,y_hat and interval columns with --format csv'
            cand --season-length 'Season length of the --input series (12 monthly, 4 quarterly, 7 daily, 1 none)'
            cand --top 'Show only the N SKUs that run out first [default: 20 in tables, all otherwise]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --no-save 'Do not store the run'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report'= {
            cand --period 'Group periods by day, week (from Monday) or month [config: report.period]'
            cand --since 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]'
            cand --until 'Last day to include (YYYY-MM-DD) [default: today]'
            cand --channel 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there'
            cand --sku 'Only this SKU'
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand all 'Every section below (the default)'
            cand sales 'P&L by period, channel and SKU, change against the previous window, movers, places'
            cand inventory 'Days of cover, stockout risk, reorder suggestions, dead and aging stock'
            cand forecast 'Forecast runs against actual sales'
            cand brief 'Risk findings, the strategist''s priorities and the drafts waiting'
            cand payouts 'Each payout against the ledger entries it settles, money totals by kind, exceptions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;report;all'= {
            cand --period 'Group periods by day, week (from Monday) or month [config: report.period]'
            cand --since 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]'
            cand --until 'Last day to include (YYYY-MM-DD) [default: today]'
            cand --channel 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there'
            cand --sku 'Only this SKU'
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report;sales'= {
            cand --period 'Group periods by day, week (from Monday) or month [config: report.period]'
            cand --since 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]'
            cand --until 'Last day to include (YYYY-MM-DD) [default: today]'
            cand --channel 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there'
            cand --sku 'Only this SKU'
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report;inventory'= {
            cand --channel 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there'
            cand --sku 'Only this SKU'
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report;forecast'= {
            cand --since 'Only runs created on or after this day (YYYY-MM-DD)'
            cand --until 'Only runs created on or before this day (YYYY-MM-DD)'
            cand --sku 'Only this SKU'
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report;brief'= {
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report;payouts'= {
            cand --since 'First day of payouts and entries (YYYY-MM-DD) [default: the first]'
            cand --until 'Last day (YYYY-MM-DD) [default: the last]'
            cand --marketplace 'Only this marketplace (etsy, shopify, amazon, ebay)'
            cand --journal 'Write one balanced journal entry per paid payout instead: csv (the QuickBooks Online and Xero journal import) or beancount'
            cand --top 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]'
            cand -o 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --output 'Write to FILE instead of stdout (written whole, then moved into place)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;report;help'= {
            cand all 'Every section below (the default)'
            cand sales 'P&L by period, channel and SKU, change against the previous window, movers, places'
            cand inventory 'Days of cover, stockout risk, reorder suggestions, dead and aging stock'
            cand forecast 'Forecast runs against actual sales'
            cand brief 'Risk findings, the strategist''s priorities and the drafts waiting'
            cand payouts 'Each payout against the ledger entries it settles, money totals by kind, exceptions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;report;help;all'= {
        }
        &'sellkit;report;help;sales'= {
        }
        &'sellkit;report;help;inventory'= {
        }
        &'sellkit;report;help;forecast'= {
        }
        &'sellkit;report;help;brief'= {
        }
        &'sellkit;report;help;payouts'= {
        }
        &'sellkit;report;help;help'= {
        }
        &'sellkit;price'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand quote 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale'
            cand fees 'The fee schedule in force, with its sources'
            cand suggest 'Suggest prices for your listings, as drafts to review'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;price;quote'= {
            cand --marketplace 'Marketplace to sell on'
            cand --sell 'Item price the buyer pays, e.g. 24.95'
            cand --cost 'Your cost per item (the buy price) [default: 0]'
            cand --shipping 'Shipping the buyer pays [default: 0]'
            cand --ship-cost 'What shipping costs you [default: 0]'
            cand --category 'Fee category (eBay, Amazon), e.g. Jewelry; unknown ones use "Most categories"'
            cand --weight 'Item weight with unit, for the FBA fee: 420g, 1.2lb, 14oz'
            cand --dims 'Package LxWxH with unit, for the FBA fee: 12x10x6in, 30x20x5cm'
            cand --currency 'Currency of the amounts'
            cand --on 'Date whose fee schedule applies (YYYY-MM-DD) [default: today]'
            cand --plan 'Shopify plan: basic, grow, advanced, plus [default: basic]'
            cand --input 'CSV file of sales to quote (- for stdin)'
            cand --rank 'Order of --input results'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --third-party-gateway 'Shopify: a third-party payment provider instead of Shopify Payments'
            cand --offsite-ads 'Etsy: the order came through an Offsite Ad'
            cand --large-shop 'Etsy: the shop made over $10,000 last year (12% offsite ads)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;price;fees'= {
            cand --marketplace 'Only this marketplace'
            cand --on 'The date (YYYY-MM-DD) [default: today]'
            cand --currency 'Currency of the schedules'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;price;suggest'= {
            cand --marketplace 'Only listings on this marketplace'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --dry-run 'Show the suggestions without writing drafts'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;price;help'= {
            cand quote 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale'
            cand fees 'The fee schedule in force, with its sources'
            cand suggest 'Suggest prices for your listings, as drafts to review'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;price;help;quote'= {
        }
        &'sellkit;price;help;fees'= {
        }
        &'sellkit;price;help;suggest'= {
        }
        &'sellkit;price;help;help'= {
        }
        &'sellkit;agents'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand write 'Listing writer: titles, descriptions, tags and bullets as listing drafts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;agents;write'= {
            cand --sku 'This SKU (repeatable)'
            cand --marketplace 'Only this marketplace (repeatable)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --all 'Every product in the store'
            cand --new 'Also draft new listings on marketplaces where the SKU is not listed yet'
            cand --dry-run 'Show the drafts without queuing them (agent runs are still recorded)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;agents;help'= {
            cand write 'Listing writer: titles, descriptions, tags and bullets as listing drafts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;agents;help;write'= {
        }
        &'sellkit;agents;help;help'= {
        }
        &'sellkit;review'= {
            cand --marketplace 'Only drafts for this marketplace'
            cand --kind 'Only drafts of this kind'
            cand --sku 'Only drafts for this SKU'
            cand --agent 'Only drafts from this agent (e.g. pricing, listing_writer)'
            cand --min-confidence 'Only drafts whose confidence is at least this percentage (0-100)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List drafts without changing anything (for scripts; no terminal needed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;review;list'= {
            cand --status 'Only drafts with this status (default: all)'
            cand --marketplace 'Only drafts for this marketplace'
            cand --kind 'Only drafts of this kind'
            cand --sku 'Only drafts for this SKU'
            cand --agent 'Only drafts from this agent (e.g. pricing, listing_writer)'
            cand --min-confidence 'Only drafts whose confidence is at least this percentage (0-100)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;review;help'= {
            cand list 'List drafts without changing anything (for scripts; no terminal needed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;review;help;list'= {
        }
        &'sellkit;review;help;help'= {
        }
        &'sellkit;post'= {
            cand --marketplace 'Only drafts for this marketplace'
            cand --draft 'Only this draft (repeatable)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --dry-run 'Print the exact requests (method, URL, body; secrets redacted) and send nothing'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;trends'= {
            cand --source 'Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...'
            cand --since 'Only time-series signals observed on or after this date (YYYY-MM-DD)'
            cand --min-score 'Only candidates scoring at least this (0-100)'
            cand --limit 'At most this many candidates'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the scored candidates (the default)'
            cand fetch 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches'
            cand import 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON'
            cand draft 'Turn the best candidates into new-listing drafts (one per marketplace) for review'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;trends;list'= {
            cand --source 'Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...'
            cand --since 'Only time-series signals observed on or after this date (YYYY-MM-DD)'
            cand --min-score 'Only candidates scoring at least this (0-100)'
            cand --limit 'At most this many candidates'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;trends;fetch'= {
            cand --source 'Only this source (repeatable)'
            cand --keyword 'Also ask about this keyword (repeatable)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;trends;import'= {
            cand --file-format 'The file''s format'
            cand --source 'Source name for a generic feed (Google Trends files are always google_trends)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;trends;draft'= {
            cand --top 'Draft the best N candidates'
            cand --marketplace 'Only this marketplace (repeatable; default: every marketplace you have a shop on)'
            cand --min-score 'Only candidates scoring at least this (0-100)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --dry-run 'Show the drafts without queuing them'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;trends;help'= {
            cand list 'List the scored candidates (the default)'
            cand fetch 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches'
            cand import 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON'
            cand draft 'Turn the best candidates into new-listing drafts (one per marketplace) for review'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;trends;help;list'= {
        }
        &'sellkit;trends;help;fetch'= {
        }
        &'sellkit;trends;help;import'= {
        }
        &'sellkit;trends;help;draft'= {
        }
        &'sellkit;trends;help;help'= {
        }
        &'sellkit;fx'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand import 'Import the ECB''s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML'
            cand fetch 'Download and import the ECB''s rates: the latest day''s, or with --history every day''s'
            cand rate 'Show the rate from one currency to another on a day: its value, its day and its basis'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;fx;import'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;fx;fetch'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --history 'Every day since 1999 (fx.history_url) instead of the latest (fx.daily_url)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;fx;rate'= {
            cand --on 'The day (YYYY-MM-DD; default today, UTC)'
            cand --amount 'Also convert this amount of FROM (a plain decimal such as 12.50)'
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;fx;help'= {
            cand import 'Import the ECB''s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML'
            cand fetch 'Download and import the ECB''s rates: the latest day''s, or with --history every day''s'
            cand rate 'Show the rate from one currency to another on a day: its value, its day and its basis'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;fx;help;import'= {
        }
        &'sellkit;fx;help;fetch'= {
        }
        &'sellkit;fx;help;rate'= {
        }
        &'sellkit;fx;help;help'= {
        }
        &'sellkit;auth'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store'
            cand status 'Which source supplies each credential field, the store in use, token expiry'
            cand logout 'Delete a marketplace''s credentials from the credential store'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;auth;login'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --no-browser 'Print the sign-in URL instead of opening a browser, and read the pasted redirect'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;auth;status'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;auth;logout'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;auth;help'= {
            cand login 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store'
            cand status 'Which source supplies each credential field, the store in use, token expiry'
            cand logout 'Delete a marketplace''s credentials from the credential store'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;auth;help;login'= {
        }
        &'sellkit;auth;help;status'= {
        }
        &'sellkit;auth;help;logout'= {
        }
        &'sellkit;auth;help;help'= {
        }
        &'sellkit;config'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Show one setting, or all, with where each value comes from'
            cand set 'Change a setting in the config file'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;config;get'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;config;set'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;config;path'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;config;help'= {
            cand get 'Show one setting, or all, with where each value comes from'
            cand set 'Change a setting in the config file'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;config;help;get'= {
        }
        &'sellkit;config;help;set'= {
        }
        &'sellkit;config;help;path'= {
        }
        &'sellkit;config;help;help'= {
        }
        &'sellkit;db'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand path 'Print the database file''s path'
            cand backup 'Copy the database while it is in use (SQLite online backup) to a new file'
            cand check 'Run SQLite''s integrity and foreign key checks (exit 5 when damaged)'
            cand migrate 'Apply pending schema migrations and show the schema version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;db;path'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;db;backup'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;db;check'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;db;migrate'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;db;help'= {
            cand path 'Print the database file''s path'
            cand backup 'Copy the database while it is in use (SQLite online backup) to a new file'
            cand check 'Run SQLite''s integrity and foreign key checks (exit 5 when damaged)'
            cand migrate 'Apply pending schema migrations and show the schema version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;db;help;path'= {
        }
        &'sellkit;db;help;backup'= {
        }
        &'sellkit;db;help;check'= {
        }
        &'sellkit;db;help;migrate'= {
        }
        &'sellkit;db;help;help'= {
        }
        &'sellkit;completions'= {
            cand --db 'Database file [env: SELLKIT_DB]'
            cand --config 'Config file [env: SELLKIT_CONFIG]'
            cand --format 'Output format'
            cand --json 'Shorthand for --format json'
            cand -q 'Print results and errors only'
            cand --quiet 'Print results and errors only'
            cand -v 'More detail on stderr (-vv for debug logs)'
            cand --verbose 'More detail on stderr (-vv for debug logs)'
            cand --no-color 'No colour [env: NO_COLOR]'
            cand --raw-csv 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sellkit;help'= {
            cand sync 'Bring marketplace data into the local store.'
            cand forecast 'Forecast demand per SKU and plan restocking.'
            cand report 'The morning report: profit and loss, inventory, forecast accuracy and the agents'' brief.'
            cand price 'Fees, profit and prices'
            cand agents 'Run sellkit''s agents. They only write drafts: nothing is posted until you approve it in `sellkit review`'
            cand review 'Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each'
            cand post 'Publish approved drafts to their marketplaces'
            cand trends 'Rising products and keywords, scored with their evidence.'
            cand fx 'Exchange rates: the European Central Bank''s euro reference rates.'
            cand auth 'Sign in to a marketplace, see where credentials come from, sign out.'
            cand config 'Read and change settings.'
            cand db 'Look after the database file.'
            cand completions 'Print a shell completion script.'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sellkit;help;sync'= {
            cand demo 'Fill the embedded demo shop: no account, no network'
            cand import 'Import export files downloaded from Etsy, Shopify, Amazon or eBay'
            cand etsy 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3'
            cand shopify 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API'
            cand ebay 'Pull orders, inventory items with their offers, and competitors'' offers from eBay''s APIs'
            cand amazon 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API'
            cand all 'Sync every marketplace whose credentials are complete, one after the other'
            cand rejects 'List the records a marketplace sync rejected, or clear them'
        }
        &'sellkit;help;sync;demo'= {
        }
        &'sellkit;help;sync;import'= {
        }
        &'sellkit;help;sync;etsy'= {
        }
        &'sellkit;help;sync;shopify'= {
        }
        &'sellkit;help;sync;ebay'= {
        }
        &'sellkit;help;sync;amazon'= {
        }
        &'sellkit;help;sync;all'= {
        }
        &'sellkit;help;sync;rejects'= {
        }
        &'sellkit;help;forecast'= {
        }
        &'sellkit;help;report'= {
            cand all 'Every section below (the default)'
            cand sales 'P&L by period, channel and SKU, change against the previous window, movers, places'
            cand inventory 'Days of cover, stockout risk, reorder suggestions, dead and aging stock'
            cand forecast 'Forecast runs against actual sales'
            cand brief 'Risk findings, the strategist''s priorities and the drafts waiting'
            cand payouts 'Each payout against the ledger entries it settles, money totals by kind, exceptions'
        }
        &'sellkit;help;report;all'= {
        }
        &'sellkit;help;report;sales'= {
        }
        &'sellkit;help;report;inventory'= {
        }
        &'sellkit;help;report;forecast'= {
        }
        &'sellkit;help;report;brief'= {
        }
        &'sellkit;help;report;payouts'= {
        }
        &'sellkit;help;price'= {
            cand quote 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale'
            cand fees 'The fee schedule in force, with its sources'
            cand suggest 'Suggest prices for your listings, as drafts to review'
        }
        &'sellkit;help;price;quote'= {
        }
        &'sellkit;help;price;fees'= {
        }
        &'sellkit;help;price;suggest'= {
        }
        &'sellkit;help;agents'= {
            cand write 'Listing writer: titles, descriptions, tags and bullets as listing drafts'
        }
        &'sellkit;help;agents;write'= {
        }
        &'sellkit;help;review'= {
            cand list 'List drafts without changing anything (for scripts; no terminal needed)'
        }
        &'sellkit;help;review;list'= {
        }
        &'sellkit;help;post'= {
        }
        &'sellkit;help;trends'= {
            cand list 'List the scored candidates (the default)'
            cand fetch 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches'
            cand import 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON'
            cand draft 'Turn the best candidates into new-listing drafts (one per marketplace) for review'
        }
        &'sellkit;help;trends;list'= {
        }
        &'sellkit;help;trends;fetch'= {
        }
        &'sellkit;help;trends;import'= {
        }
        &'sellkit;help;trends;draft'= {
        }
        &'sellkit;help;fx'= {
            cand import 'Import the ECB''s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML'
            cand fetch 'Download and import the ECB''s rates: the latest day''s, or with --history every day''s'
            cand rate 'Show the rate from one currency to another on a day: its value, its day and its basis'
        }
        &'sellkit;help;fx;import'= {
        }
        &'sellkit;help;fx;fetch'= {
        }
        &'sellkit;help;fx;rate'= {
        }
        &'sellkit;help;auth'= {
            cand login 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store'
            cand status 'Which source supplies each credential field, the store in use, token expiry'
            cand logout 'Delete a marketplace''s credentials from the credential store'
        }
        &'sellkit;help;auth;login'= {
        }
        &'sellkit;help;auth;status'= {
        }
        &'sellkit;help;auth;logout'= {
        }
        &'sellkit;help;config'= {
            cand get 'Show one setting, or all, with where each value comes from'
            cand set 'Change a setting in the config file'
            cand path 'Print the config file''s path'
        }
        &'sellkit;help;config;get'= {
        }
        &'sellkit;help;config;set'= {
        }
        &'sellkit;help;config;path'= {
        }
        &'sellkit;help;db'= {
            cand path 'Print the database file''s path'
            cand backup 'Copy the database while it is in use (SQLite online backup) to a new file'
            cand check 'Run SQLite''s integrity and foreign key checks (exit 5 when damaged)'
            cand migrate 'Apply pending schema migrations and show the schema version'
        }
        &'sellkit;help;db;path'= {
        }
        &'sellkit;help;db;backup'= {
        }
        &'sellkit;help;db;check'= {
        }
        &'sellkit;help;db;migrate'= {
        }
        &'sellkit;help;completions'= {
        }
        &'sellkit;help;help'= {
        }
    ]
    $completions[$command]
}
