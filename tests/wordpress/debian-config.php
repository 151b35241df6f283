<?php
// Installed by Verdict Desk's .ci/wordpress as /etc/wordpress/config-verdict-desk-test.php.
// Debian's /usr/share/wordpress/wp-config.php loads it when $_SERVER['WORDPRESS_CONFIG'] is
// "verdict-desk-test", which only that script's router (tests/wordpress/router.php) and
// installer (tests/wordpress/install.php) set. The settings themselves (database socket, URL)
// are in the test site's state dir, named by VERDICT_WP_CONFIG in those processes' environment.
$verdict_wp_config = getenv('VERDICT_WP_CONFIG');
if (!is_string($verdict_wp_config) || $verdict_wp_config === '' || !is_file($verdict_wp_config)) {
    header('HTTP/1.0 500 Internal Server Error');
    echo "VERDICT_WP_CONFIG does not name the test site's settings file (see .ci/wordpress)\n";
    exit(1);
}
require $verdict_wp_config;
