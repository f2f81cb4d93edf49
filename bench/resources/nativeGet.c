/*
 * The resources suite's warm-request timer, with no JavaScript on the client side: sequential
 * HTTP/1.1 GETs on one keep-alive connection, the wall time of each (request written, answer read
 * to its last byte) printed in milliseconds, one per line. A Node.js client adds its own event
 * loop and garbage collector to every figure (about 0.3 ms a request here, and a tail of its own);
 * a browser's network stack is native code too. nativeClient.ts builds and runs it.
 *
 *   native-get time PORT PATH WARMUP COUNT [HEADER]...   e.g. 'Accept-Encoding: gzip'
 *   native-get serve BYTES     answers every GET with BYTES of body on a free loopback port,
 *                              printed first: the loopback floor with no Node.js on either side
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUFFER (1 << 20)

static void fail(const char *what) {
  perror(what);
  exit(1);
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  return a;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* One answer: a 200 status line, headers with a Content-Length, then that many bytes. */
static void read_answer(int fd, char *buf) {
  size_t have = 0;
  char *end = NULL;
  while (!end) {
    ssize_t n = read(fd, buf + have, BUFFER - have - 1);
    if (n <= 0) fail("read");
    have += n;
    buf[have] = 0;
    end = strstr(buf, "\r\n\r\n");
  }
  if (strncmp(buf, "HTTP/1.1 200 ", 13) != 0) {
    fprintf(stderr, "answer was not 200: %.60s\n", buf);
    exit(1);
  }
  *end = 0;
  char *length = strcasestr(buf, "\r\ncontent-length:");
  if (!length) {
    fprintf(stderr, "answer without Content-Length\n");
    exit(1);
  }
  size_t want = (size_t)(end + 4 - buf) + strtoul(length + 17, NULL, 10);
  while (have < want) {
    ssize_t n = read(fd, buf, BUFFER - 1);
    if (n <= 0) fail("read");
    have += n;
  }
  if (have != want) {
    fprintf(stderr, "more bytes than Content-Length\n");
    exit(1);
  }
}

static int time_gets(int port, const char *path, int warm_up, int count,
                     char **headers, int header_count) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = loopback(port);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) fail("connect");
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  char request[4096], *buf = malloc(BUFFER);
  int len = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n", path,
                     port);
  for (int i = 0; i < header_count; i++)
    len += snprintf(request + len, sizeof request - len, "%s\r\n", headers[i]);
  len += snprintf(request + len, sizeof request - len, "\r\n");
  if (len >= (int)sizeof request) {
    fprintf(stderr, "request too long\n");
    return 2;
  }
  double *ms = malloc(sizeof(double) * (count > 0 ? count : 1));
  for (int i = -warm_up; i < count; i++) {
    double start = now_ms();
    if (write(fd, request, len) != len) fail("write");
    read_answer(fd, buf);
    if (i >= 0) ms[i] = now_ms() - start;
  }
  close(fd);
  // printed after the run, so that writing them takes no time from it
  for (int i = 0; i < count; i++) printf("%.4f\n", ms[i]);
  return 0;
}

static int serve(size_t bytes) {
  int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = loopback(0);
  socklen_t size = sizeof a;
  if (bind(listener, (struct sockaddr *)&a, sizeof a) || listen(listener, 16)) fail("bind");
  getsockname(listener, (struct sockaddr *)&a, &size);
  printf("%d\n", ntohs(a.sin_port));
  fflush(stdout);
  char *answer = malloc(bytes + 128), request[8192];
  int head = sprintf(answer, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\n\r\n", bytes);
  memset(answer + head, 'x', bytes);
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    size_t have = 0;
    for (;;) {
      ssize_t n = read(fd, request + have, sizeof request - have - 1);
      if (n <= 0) break;
      have += n;
      request[have] = 0;
      if (strstr(request, "\r\n\r\n")) {
        if (write(fd, answer, head + bytes) < 0) break;
        have = 0;
      }
    }
    close(fd);
  }
}

int main(int argc, char **argv) {
  if (argc >= 6 && !strcmp(argv[1], "time"))
    return time_gets(atoi(argv[2]), argv[3], atoi(argv[4]), atoi(argv[5]), argv + 6, argc - 6);
  if (argc == 3 && !strcmp(argv[1], "serve")) return serve(strtoul(argv[2], NULL, 10));
  fprintf(stderr, "usage: native-get time PORT PATH WARMUP COUNT [HEADER]... | serve BYTES\n");
  return 2;
}
