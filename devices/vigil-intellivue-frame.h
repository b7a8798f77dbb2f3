/* vigil-intellivue-frame.h — IntelliVue MIB/RS-232 framing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BOF 0xC0, header {0x11, 0x01, u16 BE length}, user data, FCS (CRC-16/X.25,
 * low byte first), EOF 0xC1. 0xC0, 0xC1 and 0x7D inside a frame (header,
 * data and FCS) are sent as 0x7D, b ^ 0x20; 0x7D 0xC1 aborts a frame.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_INTELLIVUE_BOF          0xC0
#define VIGIL_INTELLIVUE_EOF          0xC1
#define VIGIL_INTELLIVUE_ESCAPE       0x7D
#define VIGIL_INTELLIVUE_PROTOCOL_ID  0x11
#define VIGIL_INTELLIVUE_MESSAGE_TYPE 0x01
#define VIGIL_INTELLIVUE_HEADER_SIZE  4
#define VIGIL_INTELLIVUE_FCS_SIZE     2
/* CRC over header + data + FCS (as sent, low byte first) of a good frame. */
#define VIGIL_INTELLIVUE_FCS_RESIDUE  0xF0B8
/* The most user data a frame may carry here: the monitor's transmit MTU is
 * well below it, so a longer frame is a lost EOF. */
#define VIGIL_INTELLIVUE_MAX_DATA     8192

guint16 vigil_intellivue_fcs_update (guint16       crc,
                                     const guint8 *data,
                                     gsize         length);
guint16 vigil_intellivue_fcs        (const guint8 *data,
                                     gsize         length);
void    vigil_intellivue_frame_encode (GByteArray   *out,
                                       const guint8 *data,
                                       gsize         length);

typedef enum
{
  VIGIL_INTELLIVUE_FRAME_OK,
  VIGIL_INTELLIVUE_FRAME_ABORTED,     /* the sender sent 0x7D 0xC1 */
  VIGIL_INTELLIVUE_FRAME_NOISE,       /* bytes between frames */
  VIGIL_INTELLIVUE_FRAME_UNFINISHED,  /* a BOF before the EOF */
  VIGIL_INTELLIVUE_FRAME_TOO_LONG,
  VIGIL_INTELLIVUE_FRAME_BAD_ESCAPE,  /* 0x7D followed by a BOF */
  VIGIL_INTELLIVUE_FRAME_TOO_SHORT,
  VIGIL_INTELLIVUE_FRAME_BAD_FCS,
  VIGIL_INTELLIVUE_FRAME_BAD_HEADER,
  VIGIL_INTELLIVUE_FRAME_BAD_LENGTH,
} VigilIntellivueFrameStatus;

/* Called for every frame cut from the stream (and for noise): @data is the
 * unescaped frame (header, data, FCS), @user_data and @user_length the user
 * data of a good frame. */
typedef void (*VigilIntellivueFrameFunc) (VigilIntellivueFrameStatus  status,
                                          const guint8               *data,
                                          gsize                       length,
                                          const guint8               *user_data,
                                          gsize                       user_length,
                                          gpointer                    callback_data);

typedef struct
{
  int     state;
  gsize   length;
  guint16 fcs;
  guint8  buffer[VIGIL_INTELLIVUE_HEADER_SIZE + VIGIL_INTELLIVUE_MAX_DATA +
                 VIGIL_INTELLIVUE_FCS_SIZE];
} VigilIntellivueFrameDecoder;

void vigil_intellivue_frame_decoder_init (VigilIntellivueFrameDecoder *self);
void vigil_intellivue_frame_decoder_feed (VigilIntellivueFrameDecoder *self,
                                          const guint8                *data,
                                          gsize                        length,
                                          VigilIntellivueFrameFunc     func,
                                          gpointer                     callback_data);
/* How many bytes of an unfinished frame are buffered. */
gsize vigil_intellivue_frame_decoder_get_pending (const VigilIntellivueFrameDecoder *self);

G_END_DECLS
