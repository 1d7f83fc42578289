// Linux's epoll and eventfd, which Glibc's Swift module does not include. Nothing to link: it is in libc.
#include <sys/epoll.h>
#include <sys/eventfd.h>
