<?php
// A minimal storefront on PHP sessions with the phpredis handler, as a shop would run it. The compatibility
// tests start `php -S` with session.save_handler=redis and redis.session.locking_enabled=1 and browse it.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/') {
    echo 'home';
    return;
}
session_start();
if (preg_match('#^/product/(\w+)$#', $path, $m)) {
    $_SESSION['seen'] = ($_SESSION['seen'] ?? 0) + 1;
    echo 'product ' . $m[1];
} elseif (preg_match('#^/cart/(\w+)$#', $path, $m)) {
    $_SESSION['cart'][] = $m[1];
    echo 'cart ' . count($_SESSION['cart']);
} elseif ($path === '/slow') {
    // Holds the session (and with locking on, its _LOCK key) while the request runs.
    usleep((int)($_GET['ms'] ?? 1000) * 1000);
    $_SESSION['slow'] = true;
    echo 'slow';
} elseif ($path === '/logout') {
    session_destroy();
    echo 'bye';
} else {
    http_response_code(404);
}
