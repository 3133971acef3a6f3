
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sellkit' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sellkit'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sellkit' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Bring marketplace data into the local store.')
            [CompletionResult]::new('forecast', 'forecast', [CompletionResultType]::ParameterValue, 'Forecast demand per SKU and plan restocking.')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'The morning report: profit and loss, inventory, forecast accuracy and the agents'' brief.')
            [CompletionResult]::new('price', 'price', [CompletionResultType]::ParameterValue, 'Fees, profit and prices')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'Run sellkit''s agents. They only write drafts: nothing is posted until you approve it in `sellkit review`')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Publish approved drafts to their marketplaces')
            [CompletionResult]::new('trends', 'trends', [CompletionResultType]::ParameterValue, 'Rising products and keywords, scored with their evidence.')
            [CompletionResult]::new('fx', 'fx', [CompletionResultType]::ParameterValue, 'Exchange rates: the European Central Bank''s euro reference rates.')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Sign in to a marketplace, see where credentials come from, sign out.')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change settings.')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Look after the database file.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;sync' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Fill the embedded demo shop: no account, no network')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import export files downloaded from Etsy, Shopify, Amazon or eBay')
            [CompletionResult]::new('etsy', 'etsy', [CompletionResultType]::ParameterValue, 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3')
            [CompletionResult]::new('shopify', 'shopify', [CompletionResultType]::ParameterValue, 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API')
            [CompletionResult]::new('ebay', 'ebay', [CompletionResultType]::ParameterValue, 'Pull orders, inventory items with their offers, and competitors'' offers from eBay''s APIs')
            [CompletionResult]::new('amazon', 'amazon', [CompletionResultType]::ParameterValue, 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Sync every marketplace whose credentials are complete, one after the other')
            [CompletionResult]::new('rejects', 'rejects', [CompletionResultType]::ParameterValue, 'List the records a marketplace sync rejected, or clear them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;sync;demo' {
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the generator [config: demo.seed, default 42]')
            [CompletionResult]::new('--skus', '--skus', [CompletionResultType]::ParameterName, 'Number of SKUs [config: demo.skus, default 48]')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days of order history, ending yesterday [config: demo.days, default 730]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;import' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Read every file as this format instead of detecting it from the header')
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Rejects file for all inputs (with --lenient) [default: FILE.rejects.csv beside each input]')
            [CompletionResult]::new('--currency', '--currency', [CompletionResultType]::ParameterName, 'Currency of files that do not state one [config: import.currency, default USD]')
            [CompletionResult]::new('--shop', '--shop', [CompletionResultType]::ParameterName, 'Store name for files that do not say which store they are from [config: import.shop]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Read the files in this encoding instead of detecting it')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lenient', '--lenient', [CompletionResultType]::ParameterName, 'Import the good rows and write the bad ones to a rejects CSV')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;etsy' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these resources (repeat or separate with commas)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Stop after this many pages in all; the next run resumes where this one stopped')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Ignore the stored cursors and pull everything again')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;shopify' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these resources (repeat or separate with commas)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Stop after this many pages in all; the next run resumes where this one stopped')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Ignore the stored cursors and pull everything again')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;ebay' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these resources (repeat or separate with commas)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Stop after this many pages in all; the next run resumes where this one stopped')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Ignore the stored cursors and pull everything again')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;amazon' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these resources (repeat or separate with commas)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Stop after this many pages in all; the next run resumes where this one stopped')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Backfill from a bulk report (All Orders by last update, or All Listings) instead of the API pages; the window starts at --since (default: 30 days back; --full: two years back)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Ignore the stored cursors and pull everything again')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;all' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these resources (repeat or separate with commas)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Stop after this many pages in all; the next run resumes where this one stopped')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Ignore the stored cursors and pull everything again')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;rejects' {
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only the rejects of this marketplace')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--details', '--details', [CompletionResultType]::ParameterName, 'Also show each record as the marketplace sent it (secrets redacted)')
            [CompletionResult]::new('--clear', '--clear', [CompletionResultType]::ParameterName, 'Delete the rejects (of --marketplace, or all) instead of listing them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;sync;help' {
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Fill the embedded demo shop: no account, no network')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import export files downloaded from Etsy, Shopify, Amazon or eBay')
            [CompletionResult]::new('etsy', 'etsy', [CompletionResultType]::ParameterValue, 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3')
            [CompletionResult]::new('shopify', 'shopify', [CompletionResultType]::ParameterValue, 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API')
            [CompletionResult]::new('ebay', 'ebay', [CompletionResultType]::ParameterValue, 'Pull orders, inventory items with their offers, and competitors'' offers from eBay''s APIs')
            [CompletionResult]::new('amazon', 'amazon', [CompletionResultType]::ParameterValue, 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Sync every marketplace whose credentials are complete, one after the other')
            [CompletionResult]::new('rejects', 'rejects', [CompletionResultType]::ParameterValue, 'List the records a marketplace sync rejected, or clear them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;sync;help;demo' {
            break
        }
        'sellkit;sync;help;import' {
            break
        }
        'sellkit;sync;help;etsy' {
            break
        }
        'sellkit;sync;help;shopify' {
            break
        }
        'sellkit;sync;help;ebay' {
            break
        }
        'sellkit;sync;help;amazon' {
            break
        }
        'sellkit;sync;help;all' {
            break
        }
        'sellkit;sync;help;rejects' {
            break
        }
        'sellkit;sync;help;help' {
            break
        }
        'sellkit;forecast' {
            [CompletionResult]::new('--freq', '--freq', [CompletionResultType]::ParameterName, 'Forecast period [config: forecast.freq]')
            [CompletionResult]::new('--horizon', '--horizon', [CompletionResultType]::ParameterName, 'Periods to forecast [default: 28 days, 12 weeks or 6 months; with --input required]')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Periods of history the models see [default: 365 days, 156 weeks or 60 months]')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only this SKU')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Rank places by units sold, with revenue, share, growth and units per 100,000 people (where the population is known), instead of forecasting')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days in the --by period, compared with the same number of days before it')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Forecast every series of a long CSV file (columns unique_id,ds,y; ds a date or an integer) instead of the store; `-` reads stdin. Prints unique_id,ds,y_hat and interval columns with --format csv')
            [CompletionResult]::new('--season-length', '--season-length', [CompletionResultType]::ParameterName, 'Season length of the --input series (12 monthly, 4 quarterly, 7 daily, 1 none)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show only the N SKUs that run out first [default: 20 in tables, all otherwise]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-save', '--no-save', [CompletionResultType]::ParameterName, 'Do not store the run')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report' {
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'Group periods by day, week (from Monday) or month [config: report.period]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Last day to include (YYYY-MM-DD) [default: today]')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only this SKU')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Every section below (the default)')
            [CompletionResult]::new('sales', 'sales', [CompletionResultType]::ParameterValue, 'P&L by period, channel and SKU, change against the previous window, movers, places')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'Days of cover, stockout risk, reorder suggestions, dead and aging stock')
            [CompletionResult]::new('forecast', 'forecast', [CompletionResultType]::ParameterValue, 'Forecast runs against actual sales')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'Risk findings, the strategist''s priorities and the drafts waiting')
            [CompletionResult]::new('payouts', 'payouts', [CompletionResultType]::ParameterValue, 'Each payout against the ledger entries it settles, money totals by kind, exceptions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;report;all' {
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'Group periods by day, week (from Monday) or month [config: report.period]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Last day to include (YYYY-MM-DD) [default: today]')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only this SKU')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report;sales' {
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'Group periods by day, week (from Monday) or month [config: report.period]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Last day to include (YYYY-MM-DD) [default: today]')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only this SKU')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report;inventory' {
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only this SKU')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report;forecast' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only runs created on or after this day (YYYY-MM-DD)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only runs created on or before this day (YYYY-MM-DD)')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only this SKU')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report;brief' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report;payouts' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'First day of payouts and entries (YYYY-MM-DD) [default: the first]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Last day (YYYY-MM-DD) [default: the last]')
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only this marketplace (etsy, shopify, amazon, ebay)')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Write one balanced journal entry per paid payout instead: csv (the QuickBooks Online and Xero journal import) or beancount')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (written whole, then moved into place)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;report;help' {
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Every section below (the default)')
            [CompletionResult]::new('sales', 'sales', [CompletionResultType]::ParameterValue, 'P&L by period, channel and SKU, change against the previous window, movers, places')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'Days of cover, stockout risk, reorder suggestions, dead and aging stock')
            [CompletionResult]::new('forecast', 'forecast', [CompletionResultType]::ParameterValue, 'Forecast runs against actual sales')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'Risk findings, the strategist''s priorities and the drafts waiting')
            [CompletionResult]::new('payouts', 'payouts', [CompletionResultType]::ParameterValue, 'Each payout against the ledger entries it settles, money totals by kind, exceptions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;report;help;all' {
            break
        }
        'sellkit;report;help;sales' {
            break
        }
        'sellkit;report;help;inventory' {
            break
        }
        'sellkit;report;help;forecast' {
            break
        }
        'sellkit;report;help;brief' {
            break
        }
        'sellkit;report;help;payouts' {
            break
        }
        'sellkit;report;help;help' {
            break
        }
        'sellkit;price' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('quote', 'quote', [CompletionResultType]::ParameterValue, 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale')
            [CompletionResult]::new('fees', 'fees', [CompletionResultType]::ParameterValue, 'The fee schedule in force, with its sources')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Suggest prices for your listings, as drafts to review')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;price;quote' {
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Marketplace to sell on')
            [CompletionResult]::new('--sell', '--sell', [CompletionResultType]::ParameterName, 'Item price the buyer pays, e.g. 24.95')
            [CompletionResult]::new('--cost', '--cost', [CompletionResultType]::ParameterName, 'Your cost per item (the buy price) [default: 0]')
            [CompletionResult]::new('--shipping', '--shipping', [CompletionResultType]::ParameterName, 'Shipping the buyer pays [default: 0]')
            [CompletionResult]::new('--ship-cost', '--ship-cost', [CompletionResultType]::ParameterName, 'What shipping costs you [default: 0]')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Fee category (eBay, Amazon), e.g. Jewelry; unknown ones use "Most categories"')
            [CompletionResult]::new('--weight', '--weight', [CompletionResultType]::ParameterName, 'Item weight with unit, for the FBA fee: 420g, 1.2lb, 14oz')
            [CompletionResult]::new('--dims', '--dims', [CompletionResultType]::ParameterName, 'Package LxWxH with unit, for the FBA fee: 12x10x6in, 30x20x5cm')
            [CompletionResult]::new('--currency', '--currency', [CompletionResultType]::ParameterName, 'Currency of the amounts')
            [CompletionResult]::new('--on', '--on', [CompletionResultType]::ParameterName, 'Date whose fee schedule applies (YYYY-MM-DD) [default: today]')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Shopify plan: basic, grow, advanced, plus [default: basic]')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'CSV file of sales to quote (- for stdin)')
            [CompletionResult]::new('--rank', '--rank', [CompletionResultType]::ParameterName, 'Order of --input results')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--third-party-gateway', '--third-party-gateway', [CompletionResultType]::ParameterName, 'Shopify: a third-party payment provider instead of Shopify Payments')
            [CompletionResult]::new('--offsite-ads', '--offsite-ads', [CompletionResultType]::ParameterName, 'Etsy: the order came through an Offsite Ad')
            [CompletionResult]::new('--large-shop', '--large-shop', [CompletionResultType]::ParameterName, 'Etsy: the shop made over $10,000 last year (12% offsite ads)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;price;fees' {
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only this marketplace')
            [CompletionResult]::new('--on', '--on', [CompletionResultType]::ParameterName, 'The date (YYYY-MM-DD) [default: today]')
            [CompletionResult]::new('--currency', '--currency', [CompletionResultType]::ParameterName, 'Currency of the schedules')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;price;suggest' {
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only listings on this marketplace')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the suggestions without writing drafts')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;price;help' {
            [CompletionResult]::new('quote', 'quote', [CompletionResultType]::ParameterValue, 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale')
            [CompletionResult]::new('fees', 'fees', [CompletionResultType]::ParameterValue, 'The fee schedule in force, with its sources')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Suggest prices for your listings, as drafts to review')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;price;help;quote' {
            break
        }
        'sellkit;price;help;fees' {
            break
        }
        'sellkit;price;help;suggest' {
            break
        }
        'sellkit;price;help;help' {
            break
        }
        'sellkit;agents' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Listing writer: titles, descriptions, tags and bullets as listing drafts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;agents;write' {
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'This SKU (repeatable)')
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only this marketplace (repeatable)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every product in the store')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Also draft new listings on marketplaces where the SKU is not listed yet')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the drafts without queuing them (agent runs are still recorded)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;agents;help' {
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Listing writer: titles, descriptions, tags and bullets as listing drafts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;agents;help;write' {
            break
        }
        'sellkit;agents;help;help' {
            break
        }
        'sellkit;review' {
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only drafts for this marketplace')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only drafts of this kind')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only drafts for this SKU')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only drafts from this agent (e.g. pricing, listing_writer)')
            [CompletionResult]::new('--min-confidence', '--min-confidence', [CompletionResultType]::ParameterName, 'Only drafts whose confidence is at least this percentage (0-100)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List drafts without changing anything (for scripts; no terminal needed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;review;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only drafts with this status (default: all)')
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only drafts for this marketplace')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only drafts of this kind')
            [CompletionResult]::new('--sku', '--sku', [CompletionResultType]::ParameterName, 'Only drafts for this SKU')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only drafts from this agent (e.g. pricing, listing_writer)')
            [CompletionResult]::new('--min-confidence', '--min-confidence', [CompletionResultType]::ParameterName, 'Only drafts whose confidence is at least this percentage (0-100)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;review;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List drafts without changing anything (for scripts; no terminal needed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;review;help;list' {
            break
        }
        'sellkit;review;help;help' {
            break
        }
        'sellkit;post' {
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only drafts for this marketplace')
            [CompletionResult]::new('--draft', '--draft', [CompletionResultType]::ParameterName, 'Only this draft (repeatable)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact requests (method, URL, body; secrets redacted) and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;trends' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only time-series signals observed on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Only candidates scoring at least this (0-100)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many candidates')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the scored candidates (the default)')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON')
            [CompletionResult]::new('draft', 'draft', [CompletionResultType]::ParameterValue, 'Turn the best candidates into new-listing drafts (one per marketplace) for review')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;trends;list' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only time-series signals observed on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Only candidates scoring at least this (0-100)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many candidates')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;trends;fetch' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this source (repeatable)')
            [CompletionResult]::new('--keyword', '--keyword', [CompletionResultType]::ParameterName, 'Also ask about this keyword (repeatable)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;trends;import' {
            [CompletionResult]::new('--file-format', '--file-format', [CompletionResultType]::ParameterName, 'The file''s format')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Source name for a generic feed (Google Trends files are always google_trends)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;trends;draft' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Draft the best N candidates')
            [CompletionResult]::new('--marketplace', '--marketplace', [CompletionResultType]::ParameterName, 'Only this marketplace (repeatable; default: every marketplace you have a shop on)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Only candidates scoring at least this (0-100)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the drafts without queuing them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;trends;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the scored candidates (the default)')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON')
            [CompletionResult]::new('draft', 'draft', [CompletionResultType]::ParameterValue, 'Turn the best candidates into new-listing drafts (one per marketplace) for review')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;trends;help;list' {
            break
        }
        'sellkit;trends;help;fetch' {
            break
        }
        'sellkit;trends;help;import' {
            break
        }
        'sellkit;trends;help;draft' {
            break
        }
        'sellkit;trends;help;help' {
            break
        }
        'sellkit;fx' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import the ECB''s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Download and import the ECB''s rates: the latest day''s, or with --history every day''s')
            [CompletionResult]::new('rate', 'rate', [CompletionResultType]::ParameterValue, 'Show the rate from one currency to another on a day: its value, its day and its basis')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;fx;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;fx;fetch' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Every day since 1999 (fx.history_url) instead of the latest (fx.daily_url)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;fx;rate' {
            [CompletionResult]::new('--on', '--on', [CompletionResultType]::ParameterName, 'The day (YYYY-MM-DD; default today, UTC)')
            [CompletionResult]::new('--amount', '--amount', [CompletionResultType]::ParameterName, 'Also convert this amount of FROM (a plain decimal such as 12.50)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;fx;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import the ECB''s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Download and import the ECB''s rates: the latest day''s, or with --history every day''s')
            [CompletionResult]::new('rate', 'rate', [CompletionResultType]::ParameterValue, 'Show the rate from one currency to another on a day: its value, its day and its basis')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;fx;help;import' {
            break
        }
        'sellkit;fx;help;fetch' {
            break
        }
        'sellkit;fx;help;rate' {
            break
        }
        'sellkit;fx;help;help' {
            break
        }
        'sellkit;auth' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which source supplies each credential field, the store in use, token expiry')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Delete a marketplace''s credentials from the credential store')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;auth;login' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the sign-in URL instead of opening a browser, and read the pasted redirect')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;auth;status' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;auth;logout' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;auth;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which source supplies each credential field, the store in use, token expiry')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Delete a marketplace''s credentials from the credential store')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;auth;help;login' {
            break
        }
        'sellkit;auth;help;status' {
            break
        }
        'sellkit;auth;help;logout' {
            break
        }
        'sellkit;auth;help;help' {
            break
        }
        'sellkit;config' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one setting, or all, with where each value comes from')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting in the config file')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;config;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;config;set' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;config;path' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;config;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one setting, or all, with where each value comes from')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting in the config file')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;config;help;get' {
            break
        }
        'sellkit;config;help;set' {
            break
        }
        'sellkit;config;help;path' {
            break
        }
        'sellkit;config;help;help' {
            break
        }
        'sellkit;db' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the database file''s path')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the database while it is in use (SQLite online backup) to a new file')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run SQLite''s integrity and foreign key checks (exit 5 when damaged)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply pending schema migrations and show the schema version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;db;path' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;db;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;db;check' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;db;migrate' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;db;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the database file''s path')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the database while it is in use (SQLite online backup) to a new file')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run SQLite''s integrity and foreign key checks (exit 5 when damaged)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply pending schema migrations and show the schema version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;db;help;path' {
            break
        }
        'sellkit;db;help;backup' {
            break
        }
        'sellkit;db;help;check' {
            break
        }
        'sellkit;db;help;migrate' {
            break
        }
        'sellkit;db;help;help' {
            break
        }
        'sellkit;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: SELLKIT_DB]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SELLKIT_CONFIG]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results and errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-vv for debug logs)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour [env: NO_COLOR]')
            [CompletionResult]::new('--raw-csv', '--raw-csv', [CompletionResultType]::ParameterName, 'With --format csv: text cells exactly as stored. By default a cell starting with =, +, -, @, tab or CR gets a leading '' so that a spreadsheet does not run it as a formula')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sellkit;help' {
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Bring marketplace data into the local store.')
            [CompletionResult]::new('forecast', 'forecast', [CompletionResultType]::ParameterValue, 'Forecast demand per SKU and plan restocking.')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'The morning report: profit and loss, inventory, forecast accuracy and the agents'' brief.')
            [CompletionResult]::new('price', 'price', [CompletionResultType]::ParameterValue, 'Fees, profit and prices')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'Run sellkit''s agents. They only write drafts: nothing is posted until you approve it in `sellkit review`')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review the drafts the agents and `price suggest` queued: approve, edit, reject or skip each')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Publish approved drafts to their marketplaces')
            [CompletionResult]::new('trends', 'trends', [CompletionResultType]::ParameterValue, 'Rising products and keywords, scored with their evidence.')
            [CompletionResult]::new('fx', 'fx', [CompletionResultType]::ParameterValue, 'Exchange rates: the European Central Bank''s euro reference rates.')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Sign in to a marketplace, see where credentials come from, sign out.')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change settings.')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Look after the database file.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sellkit;help;sync' {
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Fill the embedded demo shop: no account, no network')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import export files downloaded from Etsy, Shopify, Amazon or eBay')
            [CompletionResult]::new('etsy', 'etsy', [CompletionResultType]::ParameterValue, 'Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3')
            [CompletionResult]::new('shopify', 'shopify', [CompletionResultType]::ParameterValue, 'Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API')
            [CompletionResult]::new('ebay', 'ebay', [CompletionResultType]::ParameterValue, 'Pull orders, inventory items with their offers, and competitors'' offers from eBay''s APIs')
            [CompletionResult]::new('amazon', 'amazon', [CompletionResultType]::ParameterValue, 'Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Sync every marketplace whose credentials are complete, one after the other')
            [CompletionResult]::new('rejects', 'rejects', [CompletionResultType]::ParameterValue, 'List the records a marketplace sync rejected, or clear them')
            break
        }
        'sellkit;help;sync;demo' {
            break
        }
        'sellkit;help;sync;import' {
            break
        }
        'sellkit;help;sync;etsy' {
            break
        }
        'sellkit;help;sync;shopify' {
            break
        }
        'sellkit;help;sync;ebay' {
            break
        }
        'sellkit;help;sync;amazon' {
            break
        }
        'sellkit;help;sync;all' {
            break
        }
        'sellkit;help;sync;rejects' {
            break
        }
        'sellkit;help;forecast' {
            break
        }
        'sellkit;help;report' {
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Every section below (the default)')
            [CompletionResult]::new('sales', 'sales', [CompletionResultType]::ParameterValue, 'P&L by period, channel and SKU, change against the previous window, movers, places')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'Days of cover, stockout risk, reorder suggestions, dead and aging stock')
            [CompletionResult]::new('forecast', 'forecast', [CompletionResultType]::ParameterValue, 'Forecast runs against actual sales')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'Risk findings, the strategist''s priorities and the drafts waiting')
            [CompletionResult]::new('payouts', 'payouts', [CompletionResultType]::ParameterValue, 'Each payout against the ledger entries it settles, money totals by kind, exceptions')
            break
        }
        'sellkit;help;report;all' {
            break
        }
        'sellkit;help;report;sales' {
            break
        }
        'sellkit;help;report;inventory' {
            break
        }
        'sellkit;help;report;forecast' {
            break
        }
        'sellkit;help;report;brief' {
            break
        }
        'sellkit;help;report;payouts' {
            break
        }
        'sellkit;help;price' {
            [CompletionResult]::new('quote', 'quote', [CompletionResultType]::ParameterValue, 'Fees, net proceeds, profit, margin, ROI and break-even price of a sale')
            [CompletionResult]::new('fees', 'fees', [CompletionResultType]::ParameterValue, 'The fee schedule in force, with its sources')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Suggest prices for your listings, as drafts to review')
            break
        }
        'sellkit;help;price;quote' {
            break
        }
        'sellkit;help;price;fees' {
            break
        }
        'sellkit;help;price;suggest' {
            break
        }
        'sellkit;help;agents' {
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Listing writer: titles, descriptions, tags and bullets as listing drafts')
            break
        }
        'sellkit;help;agents;write' {
            break
        }
        'sellkit;help;review' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List drafts without changing anything (for scripts; no terminal needed)')
            break
        }
        'sellkit;help;review;list' {
            break
        }
        'sellkit;help;post' {
            break
        }
        'sellkit;help;trends' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the scored candidates (the default)')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON')
            [CompletionResult]::new('draft', 'draft', [CompletionResultType]::ParameterValue, 'Turn the best candidates into new-listing drafts (one per marketplace) for review')
            break
        }
        'sellkit;help;trends;list' {
            break
        }
        'sellkit;help;trends;fetch' {
            break
        }
        'sellkit;help;trends;import' {
            break
        }
        'sellkit;help;trends;draft' {
            break
        }
        'sellkit;help;fx' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import the ECB''s rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Download and import the ECB''s rates: the latest day''s, or with --history every day''s')
            [CompletionResult]::new('rate', 'rate', [CompletionResultType]::ParameterValue, 'Show the rate from one currency to another on a day: its value, its day and its basis')
            break
        }
        'sellkit;help;fx;import' {
            break
        }
        'sellkit;help;fx;fetch' {
            break
        }
        'sellkit;help;fx;rate' {
            break
        }
        'sellkit;help;auth' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which source supplies each credential field, the store in use, token expiry')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Delete a marketplace''s credentials from the credential store')
            break
        }
        'sellkit;help;auth;login' {
            break
        }
        'sellkit;help;auth;status' {
            break
        }
        'sellkit;help;auth;logout' {
            break
        }
        'sellkit;help;config' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one setting, or all, with where each value comes from')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting in the config file')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            break
        }
        'sellkit;help;config;get' {
            break
        }
        'sellkit;help;config;set' {
            break
        }
        'sellkit;help;config;path' {
            break
        }
        'sellkit;help;db' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the database file''s path')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the database while it is in use (SQLite online backup) to a new file')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run SQLite''s integrity and foreign key checks (exit 5 when damaged)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply pending schema migrations and show the schema version')
            break
        }
        'sellkit;help;db;path' {
            break
        }
        'sellkit;help;db;backup' {
            break
        }
        'sellkit;help;db;check' {
            break
        }
        'sellkit;help;db;migrate' {
            break
        }
        'sellkit;help;completions' {
            break
        }
        'sellkit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
