/* test-device-spec.c — "PROTOCOL:PATH[@BAUD]" parsing and its error messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib-object.h>

#include "vigil-device-spec.h"

typedef struct
{
  const char *text;
  const char *protocol;
  const char *path;
  guint       baud;
  const char *canonical;  /* what to_string gives back */
} GoodCase;

static void
test_parse_good (void)
{
  static const GoodCase cases[] = {
    { "vigil:/dev/ttyUSB0@115200", "vigil", "/dev/ttyUSB0", 115200, "vigil:/dev/ttyUSB0@115200" },
    { "vigil:/tmp/x", "vigil", "/tmp/x", 0, "vigil:/tmp/x" },
    { "vigil:/dev/ttyS0@9600", "vigil", "/dev/ttyS0", 9600, "vigil:/dev/ttyS0@9600" },
    { "VIGIL:/dev/ttyACM0@19200", "vigil", "/dev/ttyACM0", 19200, "vigil:/dev/ttyACM0@19200" },
    { "  vigil:/dev/serial/by-id/usb-FTDI_x:y-port0@38400 \n", "vigil",
      "/dev/serial/by-id/usb-FTDI_x:y-port0", 38400, "vigil:/dev/serial/by-id/usb-FTDI_x:y-port0@38400" },
    { "vigil:/tmp/with space/pty@57600", "vigil", "/tmp/with space/pty", 57600, "vigil:/tmp/with space/pty@57600" },
    { "vigil:/tmp/a@b/pty@4000000", "vigil", "/tmp/a@b/pty", 4000000, "vigil:/tmp/a@b/pty@4000000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_parse (cases[i].text, &error);
      g_autoptr(VigilDeviceSpec) again = NULL;
      g_autofree char *text = NULL;

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (spec);
      g_assert_cmpstr (spec->protocol, ==, cases[i].protocol);
      g_assert_cmpstr (spec->path, ==, cases[i].path);
      g_assert_cmpuint (spec->baud, ==, cases[i].baud);

      text = vigil_device_spec_to_string (spec);
      g_assert_cmpstr (text, ==, cases[i].canonical);

      /* Round trip: the canonical text parses to the same spec. */
      again = vigil_device_spec_parse (text, &error);
      g_assert_no_error (error);
      g_assert_true (vigil_device_spec_equal (spec, again));
    }
}

typedef struct
{
  const char *text;
  const char *message;  /* the whole message, exactly */
} BadCase;

static void
test_parse_bad (void)
{
  static const BadCase cases[] = {
    { "",
      "No device given. Write it as PROTOCOL:PATH[@BAUD], for example vigil:/dev/ttyUSB0@115200." },
    { "   ",
      "No device given. Write it as PROTOCOL:PATH[@BAUD], for example vigil:/dev/ttyUSB0@115200." },
    { "/dev/ttyUSB0",
      "“/dev/ttyUSB0” does not say which protocol the device speaks. Write it as "
      "PROTOCOL:PATH[@BAUD], for example vigil:/dev/ttyUSB0@115200 (known protocols: vigil, datex, masimo, nonin, intellivue)." },
    { ":/dev/ttyUSB0@9600",
      "“:/dev/ttyUSB0@9600” does not say which protocol the device speaks. Write it as "
      "PROTOCOL:PATH[@BAUD], for example vigil:/dev/ttyUSB0@115200 (known protocols: vigil, datex, masimo, nonin, intellivue)." },
    { "nmea:/dev/ttyUSB0",
      "Unknown device protocol “nmea” in “nmea:/dev/ttyUSB0”. Known protocols: "
      "vigil, datex, masimo, nonin, intellivue." },
    { "vigil:",
      "“vigil:” has no port path after the protocol. Write it as PROTOCOL:PATH[@BAUD], "
      "for example vigil:/dev/ttyUSB0@115200." },
    { "vigil:@9600",
      "“vigil:@9600” has no port path after the protocol. Write it as PROTOCOL:PATH[@BAUD], "
      "for example vigil:/dev/ttyUSB0@115200." },
    { "vigil:/dev/ttyUSB0@",
      "“vigil:/dev/ttyUSB0@” has an “@” but no baud rate after it. Write the speed in bits "
      "per second, for example vigil:/dev/ttyUSB0@115200, or leave out “@”." },
    { "vigil:/dev/ttyUSB0@fast",
      "Baud rate “fast” in “vigil:/dev/ttyUSB0@fast” is not a number. Write the speed in "
      "bits per second, for example vigil:/dev/ttyUSB0@115200." },
    { "vigil:/dev/ttyUSB0@-9600",
      "Baud rate “-9600” in “vigil:/dev/ttyUSB0@-9600” is not a number. Write the speed in "
      "bits per second, for example vigil:/dev/ttyUSB0@115200." },
    { "vigil:/dev/ttyUSB0@0",
      "Baud rate 0 in “vigil:/dev/ttyUSB0@0” is not a standard serial speed. Use the speed "
      "set on the device, for example 9600, 19200, 38400, 57600 or 115200." },
    { "vigil:/dev/ttyUSB0@12345",
      "Baud rate 12345 in “vigil:/dev/ttyUSB0@12345” is not a standard serial speed. Use the "
      "speed set on the device, for example 9600, 19200, 38400, 57600 or 115200." },
    { "vigil:/dev/ttyUSB0@99999999999999999999",
      "Baud rate 99999999999999999999 in “vigil:/dev/ttyUSB0@99999999999999999999” is not a "
      "standard serial speed. Use the speed set on the device, for example 9600, 19200, "
      "38400, 57600 or 115200." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDeviceSpec) spec = NULL;

      g_test_message ("parsing “%s”", cases[i].text);
      spec = vigil_device_spec_parse (cases[i].text, &error);
      g_assert_null (spec);
      g_assert_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* NULL is an empty spec, not a crash. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (vigil_device_spec_parse (NULL, &error));
    g_assert_error (error, VIGIL_DEVICE_SPEC_ERROR, VIGIL_DEVICE_SPEC_ERROR_INVALID);
  }
}

static void
test_standard_baud (void)
{
  g_assert_true (vigil_device_spec_is_standard_baud (9600));
  g_assert_true (vigil_device_spec_is_standard_baud (115200));
  g_assert_true (vigil_device_spec_is_standard_baud (4000000));
  g_assert_false (vigil_device_spec_is_standard_baud (0));
  g_assert_false (vigil_device_spec_is_standard_baud (9601));
  g_assert_false (vigil_device_spec_is_standard_baud (G_MAXUINT));
}

static void
test_boxed (void)
{
  g_autoptr(VigilDeviceSpec) spec = vigil_device_spec_new ("vigil", "/dev/ttyUSB0", 9600);
  g_autoptr(VigilDeviceSpec) copy = NULL;
  g_autoptr(VigilDeviceSpec) other = vigil_device_spec_new ("vigil", "/dev/ttyUSB0", 19200);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (VIGIL_TYPE_DEVICE_SPEC));

  g_value_init (&value, VIGIL_TYPE_DEVICE_SPEC);
  g_value_set_boxed (&value, spec);
  copy = g_value_dup_boxed (&value);

  g_assert_true (copy != spec);
  g_assert_true (copy->path != spec->path);
  g_assert_true (vigil_device_spec_equal (spec, copy));
  g_assert_false (vigil_device_spec_equal (spec, other));
  g_assert_false (vigil_device_spec_equal (spec, NULL));
  g_assert_true (vigil_device_spec_equal (NULL, NULL));

  vigil_device_spec_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/device-spec/parse-good", test_parse_good);
  g_test_add_func ("/vigil/device-spec/parse-bad", test_parse_bad);
  g_test_add_func ("/vigil/device-spec/standard-baud", test_standard_baud);
  g_test_add_func ("/vigil/device-spec/boxed", test_boxed);

  return g_test_run ();
}
