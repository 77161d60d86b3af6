#pragma once
// The single place libav's C headers are included. One RAII owner per
// handle type, so every early return frees what it opened.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include <memory>
#include <string>

namespace gavel::media {

struct InputFormatCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct OutputFormatFreer {
  // The caller has closed pb (avio_closep) before this runs, or never opened it.
  void operator()(AVFormatContext* c) const { avformat_free_context(c); }
};
struct CodecContextFreer {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FilterGraphFreer {
  void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};
struct FilterInOutFreer {
  void operator()(AVFilterInOut* io) const { avfilter_inout_free(&io); }
};
struct CodecParametersFreer {
  void operator()(AVCodecParameters* p) const { avcodec_parameters_free(&p); }
};
struct DictionaryFreer {
  void operator()(AVDictionary* d) const { av_dict_free(&d); }
};

using InputFormat = std::unique_ptr<AVFormatContext, InputFormatCloser>;
using OutputFormat = std::unique_ptr<AVFormatContext, OutputFormatFreer>;
using CodecContext = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using Frame = std::unique_ptr<AVFrame, FrameFreer>;
using Packet = std::unique_ptr<AVPacket, PacketFreer>;
using FilterGraph = std::unique_ptr<AVFilterGraph, FilterGraphFreer>;
using FilterInOut = std::unique_ptr<AVFilterInOut, FilterInOutFreer>;
using CodecParameters = std::unique_ptr<AVCodecParameters, CodecParametersFreer>;

inline Frame make_frame() { return Frame(av_frame_alloc()); }
inline Packet make_packet() { return Packet(av_packet_alloc()); }

// libav's own text for an AVERROR code.
std::string av_error_text(int errnum);

// Keeps libav's log quiet unless GAVEL_AV_LOG is set: its warnings about
// damaged input are summarised in gavel's own messages instead.
void configure_av_logging();

}  // namespace gavel::media
