# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sellkit_global_optspecs
    string join \n db= config= format= json q/quiet v/verbose no-color raw-csv h/help V/version
end

function __fish_sellkit_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sellkit_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sellkit_using_subcommand
    set -l cmd (__fish_sellkit_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sellkit -n "__fish_sellkit_needs_command" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_needs_command" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_needs_command" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_needs_command" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_needs_command" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_needs_command" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_needs_command" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_needs_command" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_needs_command" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "sync" -d 'Bring marketplace data into the local store.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "forecast" -d 'Forecast demand per SKU and plan restocking.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "report" -d 'The morning report: profit and loss, inventory, forecast accuracy and the agents\' brief.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "price" -d 'Fees, profit and prices'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "agents" -d 'Run sellkit\'s agents. They only write drafts: nothing is posted until you approve it in `sellkit review`'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "review" -d 'Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "post" -d 'Publish approved drafts to their marketplaces'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "trends" -d 'Rising products and keywords, scored with their evidence.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "fx" -d 'Exchange rates: the European Central Bank\'s euro reference rates.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "auth" -d 'Sign in to a marketplace, see where credentials come from, sign out.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "config" -d 'Read and change settings.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "db" -d 'Look after the database file.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "completions" -d 'Print a shell completion script.'
complete -c sellkit -n "__fish_sellkit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "demo" -d 'Fill the embedded demo shop: no account, no network'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "import" -d 'Import export files downloaded from Etsy, Shopify, Amazon or eBay'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "etsy" -d 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "shopify" -d 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "ebay" -d 'Pull orders, inventory items with their offers, and competitors\' offers from eBay\'s APIs'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "amazon" -d 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "all" -d 'Sync every marketplace whose credentials are complete, one after the other'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "rejects" -d 'List the records a marketplace sync rejected, or clear them'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and not __fish_seen_subcommand_from demo import etsy shopify ebay amazon all rejects help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l seed -d 'Seed of the generator [config: demo.seed, default 42]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l skus -d 'Number of SKUs [config: demo.skus, default 48]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l days -d 'Days of order history, ending yesterday [config: demo.days, default 730]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from demo" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l as -d 'Read every file as this format instead of detecting it from the header' -r -f -a "etsy-orders\t'Etsy "Orders" download (EtsySoldOrders*.csv): one row per order'
etsy-order-items\t'Etsy "Order Items" download (EtsySoldOrderItems*.csv): one row per item'
etsy-listings\t'Etsy "Currently for sale listings" download (EtsyListingsDownload.csv)'
shopify-orders\t'Shopify Admin → Orders → Export (orders_export*.csv)'
shopify-products\t'Shopify Admin → Products → Export (products_export*.csv), any layout'
amazon-orders\t'Amazon All Orders report, tab-separated (GET_FLAT_FILE_ALL_ORDERS_DATA_*)'
amazon-listings\t'Amazon All or Active Listings report, tab-separated (GET_MERCHANT_LISTINGS_*)'
amazon-business-report\t'Amazon Business Report: Detail Page Sales and Traffic by child item (CSV)'
ebay-orders\t'eBay Seller Hub orders report (eBay-OrdersReport-*.csv)'
etsy-statement\t'Etsy monthly statement (etsy_statement_YYYY_MM.csv): sales, fees, ads, labels, taxes, deposits'
etsy-deposits\t'Etsy deposits download (EtsyDeposits*.csv): one row per deposit to the bank'
ebay-transactions\t'eBay Seller Hub → Payments → Reports: transaction report (orders, fees, labels, payouts)'
amazon-settlement\t'Amazon settlement flat file, older layout with typed fee columns (tab-separated)'
amazon-settlement-v2\t'Amazon settlement flat file V2: amount-type, amount-description, amount (tab-separated)'
amazon-transactions\t'Amazon date-range transaction report (*MonthlyUnifiedTransaction.csv), US or pt-BR'
shopify-payments\t'Shopify Payments transactions export (payment_transactions_export*.csv)'
shopify-payouts\t'Shopify Payments payouts export (payouts_export*.csv)'
purchase-lots\t'Purchase lots the seller writes: sku,received_on,quantity,unit_cost,landed_cost,currency,lot'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l rejects -d 'Rejects file for all inputs (with --lenient) [default: FILE.rejects.csv beside each input]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l currency -d 'Currency of files that do not state one [config: import.currency, default USD]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l shop -d 'Store name for files that do not say which store they are from [config: import.shop]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l encoding -d 'Read the files in this encoding instead of detecting it' -r -f -a "utf-8\t'UTF-8 (a BOM, if present, is skipped)'
windows-1252\t'Windows-1252 (Western European; also read for Latin-1 / Cp1252 files)'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l lenient -d 'Import the good rows and write the bad ones to a rejects CSV'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l since -d 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l only -d 'Only these resources (repeat or separate with commas)' -r -f -a "listings\t''
orders\t''
inventory\t''
offers\t''
ledger\t'Money movements and payouts (the marketplace\'s finance API), for the P&L and `report payouts`'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l max-pages -d 'Stop after this many pages in all; the next run resumes where this one stopped' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l full -d 'Ignore the stored cursors and pull everything again'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from etsy" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l since -d 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l only -d 'Only these resources (repeat or separate with commas)' -r -f -a "listings\t''
orders\t''
inventory\t''
offers\t''
ledger\t'Money movements and payouts (the marketplace\'s finance API), for the P&L and `report payouts`'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l max-pages -d 'Stop after this many pages in all; the next run resumes where this one stopped' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l full -d 'Ignore the stored cursors and pull everything again'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from shopify" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l since -d 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l only -d 'Only these resources (repeat or separate with commas)' -r -f -a "listings\t''
orders\t''
inventory\t''
offers\t''
ledger\t'Money movements and payouts (the marketplace\'s finance API), for the P&L and `report payouts`'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l max-pages -d 'Stop after this many pages in all; the next run resumes where this one stopped' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l full -d 'Ignore the stored cursors and pull everything again'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from ebay" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l since -d 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l only -d 'Only these resources (repeat or separate with commas)' -r -f -a "listings\t''
orders\t''
inventory\t''
offers\t''
ledger\t'Money movements and payouts (the marketplace\'s finance API), for the P&L and `report payouts`'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l max-pages -d 'Stop after this many pages in all; the next run resumes where this one stopped' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l report -d 'Backfill from a bulk report (All Orders by last update, or All Listings) instead of the API pages; the window starts at --since (default: 30 days back; --full: two years back)' -r -f -a "orders\t'All Orders by last update (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL)'
listings\t'All Listings (GET_MERCHANT_LISTINGS_ALL_DATA)'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l full -d 'Ignore the stored cursors and pull everything again'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from amazon" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l since -d 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l only -d 'Only these resources (repeat or separate with commas)' -r -f -a "listings\t''
orders\t''
inventory\t''
offers\t''
ledger\t'Money movements and payouts (the marketplace\'s finance API), for the P&L and `report payouts`'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l max-pages -d 'Stop after this many pages in all; the next run resumes where this one stopped' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l full -d 'Ignore the stored cursors and pull everything again'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from all" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l marketplace -d 'Only the rejects of this marketplace' -r -f -a "etsy\t''
shopify\t''
amazon\t''
ebay\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l details -d 'Also show each record as the marketplace sent it (secrets redacted)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l clear -d 'Delete the rejects (of --marketplace, or all) instead of listing them'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from rejects" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "demo" -d 'Fill the embedded demo shop: no account, no network'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import export files downloaded from Etsy, Shopify, Amazon or eBay'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "etsy" -d 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "shopify" -d 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "ebay" -d 'Pull orders, inventory items with their offers, and competitors\' offers from eBay\'s APIs'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "amazon" -d 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "all" -d 'Sync every marketplace whose credentials are complete, one after the other'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "rejects" -d 'List the records a marketplace sync rejected, or clear them'
complete -c sellkit -n "__fish_sellkit_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l freq -d 'Forecast period [config: forecast.freq]' -r -f -a "day\t''
week\t''
month\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l horizon -d 'Periods to forecast [default: 28 days, 12 weeks or 6 months; with --input required]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l history -d 'Periods of history the models see [default: 365 days, 156 weeks or 60 months]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l sku -d 'Only this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l by -d 'Rank places by units sold, with revenue, share, growth and units per 100,000 people (where the population is known), instead of forecasting' -r -f -a "city\t''
region\t''
country\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l days -d 'Days in the --by period, compared with the same number of days before it' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l input -d 'Forecast every series of a long CSV file (columns unique_id,ds,y; ds a date or an integer) instead of the store; `-` reads stdin. Prints unique_id,ds,y_hat and interval columns with --format csv' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l season-length -d 'Season length of the --input series (12 monthly, 4 quarterly, 7 daily, 1 none)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l top -d 'Show only the N SKUs that run out first [default: 20 in tables, all otherwise]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l no-save -d 'Do not store the run'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand forecast" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l period -d 'Group periods by day, week (from Monday) or month [config: report.period]' -r -f -a "day\t''
week\t''
month\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l since -d 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l until -d 'Last day to include (YYYY-MM-DD) [default: today]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l channel -d 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l sku -d 'Only this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "all" -d 'Every section below (the default)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "sales" -d 'P&L by period, channel and SKU, change against the previous window, movers, places'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "inventory" -d 'Days of cover, stockout risk, reorder suggestions, dead and aging stock'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "forecast" -d 'Forecast runs against actual sales'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "brief" -d 'Risk findings, the strategist\'s priorities and the drafts waiting'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "payouts" -d 'Each payout against the ledger entries it settles, money totals by kind, exceptions'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and not __fish_seen_subcommand_from all sales inventory forecast brief payouts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l period -d 'Group periods by day, week (from Monday) or month [config: report.period]' -r -f -a "day\t''
week\t''
month\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l since -d 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l until -d 'Last day to include (YYYY-MM-DD) [default: today]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l channel -d 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l sku -d 'Only this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from all" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l period -d 'Group periods by day, week (from Monday) or month [config: report.period]' -r -f -a "day\t''
week\t''
month\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l since -d 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l until -d 'Last day to include (YYYY-MM-DD) [default: today]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l channel -d 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l sku -d 'Only this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from sales" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l channel -d 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l sku -d 'Only this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from inventory" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l since -d 'Only runs created on or after this day (YYYY-MM-DD)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l until -d 'Only runs created on or before this day (YYYY-MM-DD)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l sku -d 'Only this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from forecast" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from brief" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l since -d 'First day of payouts and entries (YYYY-MM-DD) [default: the first]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l until -d 'Last day (YYYY-MM-DD) [default: the last]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l marketplace -d 'Only this marketplace (etsy, shopify, amazon, ebay)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l journal -d 'Write one balanced journal entry per paid payout instead: csv (the QuickBooks Online and Xero journal import) or beancount' -r -f -a "csv\t''
beancount\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l top -d 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -s o -l output -d 'Write to FILE instead of stdout (written whole, then moved into place)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from payouts" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "all" -d 'Every section below (the default)'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "sales" -d 'P&L by period, channel and SKU, change against the previous window, movers, places'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "inventory" -d 'Days of cover, stockout risk, reorder suggestions, dead and aging stock'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "forecast" -d 'Forecast runs against actual sales'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "brief" -d 'Risk findings, the strategist\'s priorities and the drafts waiting'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "payouts" -d 'Each payout against the ledger entries it settles, money totals by kind, exceptions'
complete -c sellkit -n "__fish_sellkit_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -f -a "quote" -d 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -f -a "fees" -d 'The fee schedule in force, with its sources'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -f -a "suggest" -d 'Suggest prices for your listings, as drafts to review'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and not __fish_seen_subcommand_from quote fees suggest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l marketplace -d 'Marketplace to sell on' -r -f -a "etsy\t''
ebay\t''
amazon\t''
shopify\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l sell -d 'Item price the buyer pays, e.g. 24.95' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l cost -d 'Your cost per item (the buy price) [default: 0]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l shipping -d 'Shipping the buyer pays [default: 0]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l ship-cost -d 'What shipping costs you [default: 0]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l category -d 'Fee category (eBay, Amazon), e.g. Jewelry; unknown ones use "Most categories"' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l weight -d 'Item weight with unit, for the FBA fee: 420g, 1.2lb, 14oz' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l dims -d 'Package LxWxH with unit, for the FBA fee: 12x10x6in, 30x20x5cm' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l currency -d 'Currency of the amounts' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l on -d 'Date whose fee schedule applies (YYYY-MM-DD) [default: today]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l plan -d 'Shopify plan: basic, grow, advanced, plus [default: basic]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l input -d 'CSV file of sales to quote (- for stdin)' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l rank -d 'Order of --input results' -r -f -a "roi\t'Return on investment (profit over cost)'
profit\t'Profit per item'"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l third-party-gateway -d 'Shopify: a third-party payment provider instead of Shopify Payments'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l offsite-ads -d 'Etsy: the order came through an Offsite Ad'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l large-shop -d 'Etsy: the shop made over $10,000 last year (12% offsite ads)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from quote" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l marketplace -d 'Only this marketplace' -r -f -a "etsy\t''
ebay\t''
amazon\t''
shopify\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l on -d 'The date (YYYY-MM-DD) [default: today]' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l currency -d 'Currency of the schedules' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from fees" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l marketplace -d 'Only listings on this marketplace' -r -f -a "etsy\t''
ebay\t''
amazon\t''
shopify\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l dry-run -d 'Show the suggestions without writing drafts'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from suggest" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from help" -f -a "quote" -d 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from help" -f -a "fees" -d 'The fee schedule in force, with its sources'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from help" -f -a "suggest" -d 'Suggest prices for your listings, as drafts to review'
complete -c sellkit -n "__fish_sellkit_using_subcommand price; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -f -a "write" -d 'Listing writer: titles, descriptions, tags and bullets as listing drafts'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and not __fish_seen_subcommand_from write help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l sku -d 'This SKU (repeatable)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l marketplace -d 'Only this marketplace (repeatable)' -r -f -a "etsy\t''
shopify\t''
amazon\t''
ebay\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l all -d 'Every product in the store'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l new -d 'Also draft new listings on marketplaces where the SKU is not listed yet'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l dry-run -d 'Show the drafts without queuing them (agent runs are still recorded)'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from write" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from help" -f -a "write" -d 'Listing writer: titles, descriptions, tags and bullets as listing drafts'
complete -c sellkit -n "__fish_sellkit_using_subcommand agents; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l marketplace -d 'Only drafts for this marketplace' -r -f -a "etsy\t''
shopify\t''
amazon\t''
ebay\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l kind -d 'Only drafts of this kind' -r -f -a "new_listing\t''
listing_update\t''
price_change\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l sku -d 'Only drafts for this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l agent -d 'Only drafts from this agent (e.g. pricing, listing_writer)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l min-confidence -d 'Only drafts whose confidence is at least this percentage (0-100)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List drafts without changing anything (for scripts; no terminal needed)'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l status -d 'Only drafts with this status (default: all)' -r -f -a "pending\t''
approved\t''
rejected\t''
posted\t''
failed\t''
superseded\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l marketplace -d 'Only drafts for this marketplace' -r -f -a "etsy\t''
shopify\t''
amazon\t''
ebay\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l kind -d 'Only drafts of this kind' -r -f -a "new_listing\t''
listing_update\t''
price_change\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l sku -d 'Only drafts for this SKU' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l agent -d 'Only drafts from this agent (e.g. pricing, listing_writer)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l min-confidence -d 'Only drafts whose confidence is at least this percentage (0-100)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "list" -d 'List drafts without changing anything (for scripts; no terminal needed)'
complete -c sellkit -n "__fish_sellkit_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l marketplace -d 'Only drafts for this marketplace' -r -f -a "etsy\t''
shopify\t''
amazon\t''
ebay\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l draft -d 'Only this draft (repeatable)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l dry-run -d 'Print the exact requests (method, URL, body; secrets redacted) and send nothing'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand post" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l source -d 'Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l since -d 'Only time-series signals observed on or after this date (YYYY-MM-DD)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l min-score -d 'Only candidates scoring at least this (0-100)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l limit -d 'At most this many candidates' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -f -a "list" -d 'List the scored candidates (the default)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -f -a "fetch" -d 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -f -a "import" -d 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -f -a "draft" -d 'Turn the best candidates into new-listing drafts (one per marketplace) for review'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and not __fish_seen_subcommand_from list fetch import draft help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l source -d 'Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l since -d 'Only time-series signals observed on or after this date (YYYY-MM-DD)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l min-score -d 'Only candidates scoring at least this (0-100)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l limit -d 'At most this many candidates' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l source -d 'Only this source (repeatable)' -r -f -a "store\t''
reddit\t''
ebay\t''
etsy\t''
amazon\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l keyword -d 'Also ask about this keyword (repeatable)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from fetch" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l file-format -d 'The file\'s format' -r -f -a "auto\t'Decide from the content'
google-trends\t'trends.google.com "Interest over time" CSV'
csv\t'CSV with a header naming term, date and value (optional metric)'
json\t'JSON: an array of {term, date, value[, metric]} objects, or {"signals": [...]}'"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l source -d 'Source name for a generic feed (Google Trends files are always google_trends)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l top -d 'Draft the best N candidates' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l marketplace -d 'Only this marketplace (repeatable; default: every marketplace you have a shop on)' -r -f -a "etsy\t''
shopify\t''
amazon\t''
ebay\t''"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l min-score -d 'Only candidates scoring at least this (0-100)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l dry-run -d 'Show the drafts without queuing them'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from draft" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the scored candidates (the default)'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from help" -f -a "fetch" -d 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from help" -f -a "draft" -d 'Turn the best candidates into new-listing drafts (one per marketplace) for review'
complete -c sellkit -n "__fish_sellkit_using_subcommand trends; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -f -a "import" -d 'Import the ECB\'s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -f -a "fetch" -d 'Download and import the ECB\'s rates: the latest day\'s, or with --history every day\'s'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -f -a "rate" -d 'Show the rate from one currency to another on a day: its value, its day and its basis'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and not __fish_seen_subcommand_from import fetch rate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l history -d 'Every day since 1999 (fx.history_url) instead of the latest (fx.daily_url)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from fetch" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l on -d 'The day (YYYY-MM-DD; default today, UTC)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l amount -d 'Also convert this amount of FROM (a plain decimal such as 12.50)' -r
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from rate" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import the ECB\'s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from help" -f -a "fetch" -d 'Download and import the ECB\'s rates: the latest day\'s, or with --history every day\'s'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from help" -f -a "rate" -d 'Show the rate from one currency to another on a day: its value, its day and its basis'
complete -c sellkit -n "__fish_sellkit_using_subcommand fx; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "login" -d 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "status" -d 'Which source supplies each credential field, the store in use, token expiry'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "logout" -d 'Delete a marketplace\'s credentials from the credential store'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-browser -d 'Print the sign-in URL instead of opening a browser, and read the pasted redirect'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Which source supplies each credential field, the store in use, token expiry'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Delete a marketplace\'s credentials from the credential store'
complete -c sellkit -n "__fish_sellkit_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -f -a "get" -d 'Show one setting, or all, with where each value comes from'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -f -a "set" -d 'Change a setting in the config file'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -f -a "path" -d 'Print the config file\'s path'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and not __fish_seen_subcommand_from get set path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one setting, or all, with where each value comes from'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting in the config file'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file\'s path'
complete -c sellkit -n "__fish_sellkit_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -f -a "path" -d 'Print the database file\'s path'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -f -a "backup" -d 'Copy the database while it is in use (SQLite online backup) to a new file'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -f -a "check" -d 'Run SQLite\'s integrity and foreign key checks (exit 5 when damaged)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -f -a "migrate" -d 'Apply pending schema migrations and show the schema version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and not __fish_seen_subcommand_from path backup check migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from backup" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the database file\'s path'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "backup" -d 'Copy the database while it is in use (SQLite online backup) to a new file'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "check" -d 'Run SQLite\'s integrity and foreign key checks (exit 5 when damaged)'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Apply pending schema migrations and show the schema version'
complete -c sellkit -n "__fish_sellkit_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -l db -d 'Database file [env: SELLKIT_DB]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -l config -d 'Config file [env: SELLKIT_CONFIG]' -r -F
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -l format -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'One JSON document with `schema_version`'
ndjson\t'One JSON object per line'
csv\t'Comma-separated values with a header row; nested fields joined with `_`'
markdown\t'Markdown: a heading and a pipe table per table (for notes, issues, chat)'
html\t'One self-contained HTML page (inline CSS, no scripts); `report` adds SVG charts. Written to -o FILE, or to stdout when stdout is not a terminal'"
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -l json -d 'Shorthand for --format json'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -s q -l quiet -d 'Print results and errors only'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (-vv for debug logs)'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -l no-color -d 'No colour [env: NO_COLOR]'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -l raw-csv -d 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading \' so that a spreadsheet does not run it as a formula'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sellkit -n "__fish_sellkit_using_subcommand completions" -s V -l version -d 'Print version'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "sync" -d 'Bring marketplace data into the local store.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "forecast" -d 'Forecast demand per SKU and plan restocking.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "report" -d 'The morning report: profit and loss, inventory, forecast accuracy and the agents\' brief.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "price" -d 'Fees, profit and prices'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "agents" -d 'Run sellkit\'s agents. They only write drafts: nothing is posted until you approve it in `sellkit review`'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "review" -d 'Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "post" -d 'Publish approved drafts to their marketplaces'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "trends" -d 'Rising products and keywords, scored with their evidence.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "fx" -d 'Exchange rates: the European Central Bank\'s euro reference rates.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "auth" -d 'Sign in to a marketplace, see where credentials come from, sign out.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "config" -d 'Read and change settings.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "db" -d 'Look after the database file.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "completions" -d 'Print a shell completion script.'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and not __fish_seen_subcommand_from sync forecast report price agents review post trends fx auth config db completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "demo" -d 'Fill the embedded demo shop: no account, no network'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "import" -d 'Import export files downloaded from Etsy, Shopify, Amazon or eBay'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "etsy" -d 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "shopify" -d 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "ebay" -d 'Pull orders, inventory items with their offers, and competitors\' offers from eBay\'s APIs'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "amazon" -d 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "all" -d 'Sync every marketplace whose credentials are complete, one after the other'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "rejects" -d 'List the records a marketplace sync rejected, or clear them'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "all" -d 'Every section below (the default)'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "sales" -d 'P&L by period, channel and SKU, change against the previous window, movers, places'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "inventory" -d 'Days of cover, stockout risk, reorder suggestions, dead and aging stock'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "forecast" -d 'Forecast runs against actual sales'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "brief" -d 'Risk findings, the strategist\'s priorities and the drafts waiting'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "payouts" -d 'Each payout against the ledger entries it settles, money totals by kind, exceptions'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from price" -f -a "quote" -d 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from price" -f -a "fees" -d 'The fee schedule in force, with its sources'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from price" -f -a "suggest" -d 'Suggest prices for your listings, as drafts to review'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from agents" -f -a "write" -d 'Listing writer: titles, descriptions, tags and bullets as listing drafts'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "list" -d 'List drafts without changing anything (for scripts; no terminal needed)'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from trends" -f -a "list" -d 'List the scored candidates (the default)'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from trends" -f -a "fetch" -d 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from trends" -f -a "import" -d 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from trends" -f -a "draft" -d 'Turn the best candidates into new-listing drafts (one per marketplace) for review'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from fx" -f -a "import" -d 'Import the ECB\'s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from fx" -f -a "fetch" -d 'Download and import the ECB\'s rates: the latest day\'s, or with --history every day\'s'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from fx" -f -a "rate" -d 'Show the rate from one currency to another on a day: its value, its day and its basis'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Which source supplies each credential field, the store in use, token expiry'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Delete a marketplace\'s credentials from the credential store'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Show one setting, or all, with where each value comes from'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change a setting in the config file'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file\'s path'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "path" -d 'Print the database file\'s path'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "backup" -d 'Copy the database while it is in use (SQLite online backup) to a new file'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "check" -d 'Run SQLite\'s integrity and foreign key checks (exit 5 when damaged)'
complete -c sellkit -n "__fish_sellkit_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrate" -d 'Apply pending schema migrations and show the schema version'
