<?php
// Router for PHP's built-in server running Debian's WordPress (/usr/share/wordpress) for the
// test suite; .ci/wordpress starts it as
//   php -S 127.0.0.1:PORT -t /usr/share/wordpress tests/wordpress/router.php
// It stands in for Apache's rewrite rules: static files are served as they are, existing PHP
// files run, and every other path (/wp-json/..., /slug/) goes to index.php.
//
// Debian's wp-config.php picks /etc/wordpress/config-<WORDPRESS_CONFIG>.php when this is set,
// whatever the Host header says; that file reads this site's settings from the state dir.

$_SERVER['WORDPRESS_CONFIG'] = 'verdict-desk-test';

$verdict_root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$verdict_path = '/' . ltrim((string) parse_url(urldecode($_SERVER['REQUEST_URI']), PHP_URL_PATH), '/');
// The media library's files: WordPress keeps them in the state dir's uploads/ (install.php
// sets upload_path there and upload_url_path to /uploads), outside the document root, so they
// are sent from here as Apache would send them: as they are, with their type.
if (strncmp($verdict_path, '/uploads/', 9) === 0) {
    $verdict_uploads = dirname((string) getenv('VERDICT_WP_CONFIG')) . '/uploads';
    $verdict_upload = $verdict_uploads . substr($verdict_path, 8);
    $verdict_types = ['png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg',
        'webp' => 'image/webp', 'gif' => 'image/gif'];
    $verdict_ext = strtolower(pathinfo($verdict_upload, PATHINFO_EXTENSION));
    if (preg_match('#(^|/)\.\.(/|$)#', $verdict_path) || !is_file($verdict_upload)
        || !isset($verdict_types[$verdict_ext])) {
        http_response_code(404);
        return true;
    }
    header('Content-Type: ' . $verdict_types[$verdict_ext]);
    header('Content-Length: ' . filesize($verdict_upload));
    readfile($verdict_upload);
    return true;
}

// Debian links some files to other packages' (libjs-*), so no realpath() here; a path with a
// ".." segment is simply never a file.
$verdict_file = preg_match('#(^|/)\.\.(/|$)#', $verdict_path) ? false : rtrim($verdict_root . $verdict_path, '/');
if ($verdict_file !== false && !file_exists($verdict_file)) {
    $verdict_file = false;
}

if ($verdict_file !== false && is_dir($verdict_file)) {
    if (substr($verdict_path, -1) !== '/') {
        header('Location: ' . $verdict_path . '/', true, 301);
        return true;
    }
    $verdict_file = is_file($verdict_file . '/index.php') ? $verdict_file . '/index.php' : false;
}

if ($verdict_file !== false && is_file($verdict_file)) {
    if (substr($verdict_file, -4) !== '.php') {
        return false; // static file: the built-in server sends it
    }
    $verdict_script = substr($verdict_file, strlen($verdict_root));
} else {
    $verdict_file = $verdict_root . '/index.php';
    $verdict_script = '/index.php';
}

$_SERVER['SCRIPT_FILENAME'] = $verdict_file;
$_SERVER['SCRIPT_NAME'] = $verdict_script;
$_SERVER['PHP_SELF'] = $verdict_script;
chdir(dirname($verdict_file));
unset($verdict_root, $verdict_path, $verdict_script);
// Runs at the top level so that WordPress's globals stay global.
require $verdict_file;
