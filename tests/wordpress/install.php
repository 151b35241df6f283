<?php
// Installs the test site non-interactively (Debian 12 has no wp-cli), run by .ci/wordpress as
//   VERDICT_WP_CONFIG=STATE/wp-config.php php tests/wordpress/install.php
// Idempotent: installs WordPress only if it is not installed yet, then makes sure that
// permalinks are /%postname%/ and that the admin user "verdict" has an application password.
// The password given in VERDICT_WP_APP_PASSWORD (the one from the last run) is kept when it
// is still valid, otherwise a new one is made. Prints the password, and nothing else, on stdout.

if (PHP_SAPI !== 'cli') {
    exit(1);
}

$url = getenv('VERDICT_WP_URL');
if (!$url) {
    fwrite(STDERR, "install.php: VERDICT_WP_URL is not set\n");
    exit(1);
}
$_SERVER['WORDPRESS_CONFIG'] = 'verdict-desk-test';
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['SERVER_NAME'] = parse_url($url, PHP_URL_HOST);
$_SERVER['SERVER_PORT'] = (string) parse_url($url, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SCRIPT_NAME'] = '/wp-admin/install.php';
$_SERVER['PHP_SELF'] = '/wp-admin/install.php';

const VERDICT_USER = 'verdict';
const VERDICT_APP_NAME = 'verdict-desk-tests';

define('WP_INSTALLING', true);

// No mail: upgrade.php defines these only when they are not defined yet.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}

// wp-settings.php reads these at the top level, so load WordPress outside any function.
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

// No HTTP at all from here (wp_install() probes permalinks by requesting the site itself).
add_filter('pre_http_request', function () {
    return new WP_Error('verdict_offline', 'no HTTP requests while installing');
});

function verdict_fail($what) {
    if (is_wp_error($what)) {
        $what = $what->get_error_code() . ': ' . $what->get_error_message();
    }
    fwrite(STDERR, "install.php: $what\n");
    exit(1);
}

if (!is_blog_installed()) {
    $result = wp_install('Verdict Desk test site', VERDICT_USER, 'verdict@example.invalid', false, '', wp_generate_password(32, false));
    if (empty($result['user_id'])) {
        verdict_fail('wp_install() failed');
    }
    fwrite(STDERR, "install.php: installed WordPress " . get_bloginfo('version') . "\n");
}

$user = get_user_by('login', VERDICT_USER);
if (!$user) {
    $id = wp_insert_user([
        'user_login' => VERDICT_USER,
        'user_pass' => wp_generate_password(32, false),
        'user_email' => 'verdict@example.invalid',
        'role' => 'administrator',
    ]);
    if (is_wp_error($id)) {
        verdict_fail($id);
    }
    $user = get_user_by('id', $id);
}
if (!in_array('administrator', (array) $user->roles, true)) {
    $user->set_role('administrator');
}

// Pretty permalinks, so that /wp-json/... is routed (?rest_route=/... works regardless).
if (get_option('permalink_structure') !== '/%postname%/' || !get_option('rewrite_rules')) {
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure('/%postname%/');
    $wp_rewrite->flush_rules(false);
}

// Media (the share cards publishing uploads) in the test site's own state dir, never in
// Debian's shared /var/lib/wordpress.
$uploads = (string) getenv('VERDICT_WP_UPLOADS');
if ($uploads === '' || !is_dir($uploads)) {
    verdict_fail('VERDICT_WP_UPLOADS does not name an existing directory');
}
if (get_option('upload_path') !== $uploads) {
    update_option('upload_path', $uploads);
    update_option('upload_url_path', rtrim($url, '/') . '/uploads');
}

// The application password: keep the last one if it still matches, else make a new one.
$old = preg_replace('/[^a-zA-Z0-9]/', '', (string) getenv('VERDICT_WP_APP_PASSWORD'));
$password = null;
foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
    if ($item['name'] !== VERDICT_APP_NAME) {
        continue;
    }
    if ($password === null && $old !== '' && wp_check_password($old, $item['password'], $user->ID)) {
        $password = $old;
    } else {
        WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
    }
}
if ($password === null) {
    $created = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => VERDICT_APP_NAME]);
    if (is_wp_error($created)) {
        verdict_fail($created);
    }
    $password = $created[0];
}
echo $password, "\n";
