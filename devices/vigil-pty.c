/* vigil-pty.c — the simulator's end of a pseudo-terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator writes real protocol bytes into the master side; a device
 * opens the slave side exactly as it would open /dev/ttyUSB0. A pulled
 * cable is a hang-up: the master is closed, the slave reads EIO/HUP. A
 * re-plugged cable is a new pty, and the symlink (if one was asked for) is
 * moved to it atomically, so the device finds it again at the same path.
 */
#include "vigil-pty.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

struct _VigilPty
{
  GObject  parent_instance;

  int      master_fd;
  char    *slave_path;
  char    *link_path;
};

G_DEFINE_FINAL_TYPE (VigilPty, vigil_pty, G_TYPE_OBJECT)

static void
vigil_pty_finalize (GObject *object)
{
  VigilPty *self = VIGIL_PTY (object);

  vigil_pty_hang_up (self);
  g_clear_pointer (&self->link_path, g_free);
  g_clear_pointer (&self->slave_path, g_free);

  G_OBJECT_CLASS (vigil_pty_parent_class)->finalize (object);
}

static void
vigil_pty_class_init (VigilPtyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_pty_finalize;
}

static void
vigil_pty_init (VigilPty *self)
{
  self->master_fd = -1;
}

static gboolean
set_error_from_errno (GError    **error,
                      int         saved_errno,
                      const char *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not %s a pseudo-terminal: %s", what, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
open_master (VigilPty  *self,
             GError   **error)
{
  struct termios tio;
  const char *name;
  int fd;

  fd = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return set_error_from_errno (error, errno, "open");
  if (grantpt (fd) != 0 || unlockpt (fd) != 0 || (name = ptsname (fd)) == NULL)
    {
      int saved_errno = errno;
      close (fd);
      return set_error_from_errno (error, saved_errno, "unlock");
    }

  /* Raw bytes: no echo, no CR/LF translation, no line discipline. */
  if (tcgetattr (fd, &tio) == 0)
    {
      cfmakeraw (&tio);
      tcsetattr (fd, TCSANOW, &tio);
    }
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);

  self->master_fd = fd;
  g_free (self->slave_path);
  self->slave_path = g_strdup (name);

  if (self->link_path != NULL)
    {
      g_autofree char *tmp = g_strconcat (self->link_path, ".new", NULL);

      g_unlink (tmp);
      if (symlink (self->slave_path, tmp) != 0 || g_rename (tmp, self->link_path) != 0)
        {
          int saved_errno = errno;
          g_unlink (tmp);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not link %s to %s: %s",
                       self->link_path, self->slave_path, g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigil_pty_new:
 * @link_path: (nullable): where to keep a symlink to the slave side
 *
 * Returns: (transfer full): an open pty, or %NULL with @error set
 */
VigilPty *
vigil_pty_new (const char  *link_path,
               GError     **error)
{
  g_autoptr(VigilPty) self = g_object_new (VIGIL_TYPE_PTY, NULL);

  self->link_path = g_strdup (link_path);
  if (!open_master (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

int
vigil_pty_get_master_fd (VigilPty *self)
{
  g_return_val_if_fail (VIGIL_IS_PTY (self), -1);
  return self->master_fd;
}

const char *
vigil_pty_get_slave_path (VigilPty *self)
{
  g_return_val_if_fail (VIGIL_IS_PTY (self), NULL);
  return self->slave_path;
}

const char *
vigil_pty_get_link_path (VigilPty *self)
{
  g_return_val_if_fail (VIGIL_IS_PTY (self), NULL);
  return self->link_path;
}

/* The path a device should open: the stable link if there is one. */
const char *
vigil_pty_get_path (VigilPty *self)
{
  g_return_val_if_fail (VIGIL_IS_PTY (self), NULL);
  return self->link_path != NULL ? self->link_path : self->slave_path;
}

gboolean
vigil_pty_is_open (VigilPty *self)
{
  g_return_val_if_fail (VIGIL_IS_PTY (self), FALSE);
  return self->master_fd >= 0;
}

/**
 * vigil_pty_write_all:
 *
 * Writes every byte or fails. Nobody reading the slave side is not an
 * error: the bytes are dropped, as a real device's would be on an
 * unconnected cable.
 */
gboolean
vigil_pty_write_all (VigilPty    *self,
                     const void  *data,
                     gsize        length,
                     GError     **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (VIGIL_IS_PTY (self), FALSE);

  if (self->master_fd < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           "The simulated cable is unplugged");
      return FALSE;
    }

  while (length > 0)
    {
      ssize_t n = write (self->master_fd, p, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* EAGAIN: the reader is not keeping up (or nobody has the slave
           * open and the buffer is full): drop, like a wire would. EIO: the
           * slave was never opened. */
          if (errno == EAGAIN || errno == EIO)
            return TRUE;
          return set_error_from_errno (error, errno, "write to");
        }
      p += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Pulls the cable: the reader sees a hang-up. The link goes too: the
 * kernel hands a freed pty number to the next program that asks, and a
 * dangling link would lead a device into that program's terminal. */
void
vigil_pty_hang_up (VigilPty *self)
{
  g_return_if_fail (VIGIL_IS_PTY (self));

  if (self->link_path != NULL)
    g_unlink (self->link_path);
  if (self->master_fd >= 0)
    {
      close (self->master_fd);
      self->master_fd = -1;
    }
}

/* Plugs a cable in again: a new pty, the link moved to it. */
gboolean
vigil_pty_reopen (VigilPty  *self,
                  GError   **error)
{
  g_return_val_if_fail (VIGIL_IS_PTY (self), FALSE);

  vigil_pty_hang_up (self);
  return open_master (self, error);
}
