#!/usr/bin/env python3
"""One GET at a time against Redis for SECONDS, like a storefront request path; prints one JSON line with
the latency percentiles (ms). Raw RESP over one TCP connection (no client library to install).
usage: latency-client.py PORT SECONDS KEY"""
import json, socket, sys, time

port, seconds, key = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3].encode()
request = b"*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n" % (len(key), key)
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
f = s.makefile("rb")
lat = []
end = time.perf_counter() + seconds
while time.perf_counter() < end:
    t0 = time.perf_counter_ns()
    s.sendall(request)
    head = f.readline()
    if head[:1] == b"$" and head[1:3] != b"-1":
        f.read(int(head[1:]) + 2)
    lat.append(time.perf_counter_ns() - t0)
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))] / 1e6
print(json.dumps({"gets": len(lat), "p50": round(pct(50), 3), "p99": round(pct(99), 3),
                  "p99_9": round(pct(99.9), 3), "max": round(lat[-1] / 1e6, 3)}))
