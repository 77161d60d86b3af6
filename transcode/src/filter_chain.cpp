#include "filter_chain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gavel::transcode {
namespace {

Error filter_error(const std::string& what, int err) {
  return make_error(
      Errc::filter_failed, fmt::format("{}: {}", what, media::av_error_text(err)),
      fmt::format("영상·음성 필터를 만들지 못했습니다 ({}: {})", what, media::av_error_text(err)));
}

std::string rotation_filter(int rotation) {
  switch (rotation) {
    case 90:
      return "transpose=clock,";
    case 180:
      return "hflip,vflip,";
    case 270:
      return "transpose=cclock,";
    default:
      return "";
  }
}

AVFilterContext* make_video_source(AVFilterGraph* graph, const void* p) {
  const auto& in = *static_cast<const FilterChain::VideoInput*>(p);
  const AVCodecContext* d = in.decoder;
  AVRational sar = d->sample_aspect_ratio.num > 0 ? d->sample_aspect_ratio : AVRational{1, 1};
  const std::string args =
      fmt::format("video_size={}x{}:pix_fmt={}:time_base={}/{}:pixel_aspect={}/{}", d->width, d->height,
                  static_cast<int>(d->pix_fmt), in.time_base.num, in.time_base.den, sar.num, sar.den);
  AVFilterContext* ctx = nullptr;
  if (avfilter_graph_create_filter(&ctx, avfilter_get_by_name("buffer"), "in", args.c_str(), nullptr, graph) <
      0)
    return nullptr;
  return ctx;
}

struct AudioSourceArgs {
  int sample_rate;
  AVSampleFormat sample_fmt;
  AVChannelLayout layout;
  AVRational time_base;
};

AudioSourceArgs decoder_output(const AVCodecContext* decoder, AVRational time_base) {
  AudioSourceArgs a{decoder->sample_rate, decoder->sample_fmt, {}, time_base};
  // Some containers leave the layout unspecified: assume the usual one.
  if (decoder->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
    av_channel_layout_default(&a.layout, decoder->ch_layout.nb_channels);
  else
    av_channel_layout_copy(&a.layout, &decoder->ch_layout);
  return a;
}

AVFilterContext* make_audio_source(AVFilterGraph* graph, const void* p) {
  const auto& a = *static_cast<const AudioSourceArgs*>(p);
  char layout[128] = {};
  av_channel_layout_describe(&a.layout, layout, sizeof layout);
  const std::string args =
      fmt::format("time_base={}/{}:sample_rate={}:sample_fmt={}:channel_layout={}", a.time_base.num,
                  a.time_base.den, a.sample_rate, av_get_sample_fmt_name(a.sample_fmt), layout);
  AVFilterContext* ctx = nullptr;
  if (avfilter_graph_create_filter(&ctx, avfilter_get_by_name("abuffer"), "in", args.c_str(), nullptr,
                                   graph) < 0)
    return nullptr;
  return ctx;
}

constexpr const char* kEncoderFormat = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";

}  // namespace

Result<FilterChain> FilterChain::build(AVFilterContext* (*make_source)(AVFilterGraph*, const void*),
                                       const void* source_args, const char* sink_name,
                                       const std::string& description, std::size_t outputs) {
  FilterChain chain;
  chain.graph_.reset(avfilter_graph_alloc());
  if (!chain.graph_) return filter_error("cannot allocate a filter graph", AVERROR(ENOMEM));
  chain.source_ = make_source(chain.graph_.get(), source_args);
  if (!chain.source_)
    return make_error(Errc::filter_failed, "the decoded stream's format is not usable",
                      "풀어낸 영상·음성의 형식을 처리할 수 없습니다");

  // Labels "in" and "out0".."outN-1" in `description` link to our endpoints.
  media::FilterInOut graph_inputs;  // sinks, fed by the description's outputs
  for (std::size_t i = outputs; i-- > 0;) {
    AVFilterContext* sink = nullptr;
    const std::string label = fmt::format("out{}", i);
    if (int err = avfilter_graph_create_filter(&sink, avfilter_get_by_name(sink_name), label.c_str(), nullptr,
                                               nullptr, chain.graph_.get());
        err < 0)
      return filter_error("cannot create a buffer sink", err);
    chain.sinks_.insert(chain.sinks_.begin(), sink);
    AVFilterInOut* io = avfilter_inout_alloc();
    io->name = av_strdup(label.c_str());
    io->filter_ctx = sink;
    io->pad_idx = 0;
    io->next = graph_inputs.release();
    graph_inputs.reset(io);
  }
  media::FilterInOut graph_outputs(avfilter_inout_alloc());
  graph_outputs->name = av_strdup("in");
  graph_outputs->filter_ctx = chain.source_;
  graph_outputs->pad_idx = 0;
  graph_outputs->next = nullptr;

  AVFilterInOut* ins = graph_inputs.release();
  AVFilterInOut* outs = graph_outputs.release();
  int err = avfilter_graph_parse_ptr(chain.graph_.get(), description.c_str(), &ins, &outs, nullptr);
  avfilter_inout_free(&ins);
  avfilter_inout_free(&outs);
  if (err < 0) return filter_error("cannot build the filter graph '" + description + "'", err);
  if ((err = avfilter_graph_config(chain.graph_.get(), nullptr)) < 0)
    return filter_error("cannot configure the filter graph", err);
  return chain;
}

Result<FilterChain> FilterChain::video(const VideoInput& in, const std::vector<VideoGeometry>& rungs,
                                       const std::optional<PictureBranch>& pictures, double start_seconds) {
  const AVRational rate = in.frame_rate;
  const std::size_t branches = rungs.size() + (pictures ? 1 : 0);
  std::string desc = "[in]";
  // bwdif with deint=interlaced touches only frames flagged interlaced, so a
  // mislabelled progressive source passes through unharmed.
  if (in.deinterlace) desc += "bwdif=mode=send_frame:parity=auto:deint=interlaced,";
  desc += rotation_filter(in.rotation);
  // A constant output rate keeps variable-frame-rate sources in sync and
  // gives every rung identical timestamps.
  desc += fmt::format("fps=fps={}/{}:start_time={:.6f}", rate.num, rate.den, start_seconds);
  desc += fmt::format(",split={}", branches);
  for (std::size_t i = 0; i < branches; ++i) desc += fmt::format("[s{}]", i);
  for (std::size_t i = 0; i < rungs.size(); ++i) {
    desc += fmt::format(";[s{}]scale=w={}:h={}:flags=bicubic,setsar=1,format=yuv420p[out{}]", i,
                        rungs[i].width, rungs[i].height, i);
  }
  if (pictures) {
    // Thinned to the storyboard's rate before scaling, so the pictures cost
    // next to nothing beside the rungs.
    const AVRational every = av_d2q(1.0 / pictures->interval, 1000);
    const std::size_t p = rungs.size();
    desc += fmt::format(";[s{}]fps=fps={}/{}:start_time={:.6f},split=2[pp][pt]", p, every.num, every.den,
                        start_seconds);
    desc += fmt::format(";[pp]scale=w={}:h={}:flags=bicubic:out_range=full,setsar=1,format=yuv420p[out{}]",
                        pictures->poster_width, pictures->poster_height, p);
    desc += fmt::format(";[pt]scale=w={}:h={}:flags=bicubic:out_range=full,setsar=1,format=yuv420p[out{}]",
                        pictures->tile_width, pictures->tile_height, p + 1);
  }
  auto chain = build(make_video_source, &in, "buffersink", desc, rungs.size() + (pictures ? 2 : 0));
  if (chain) chain->time_base_ = in.time_base;
  return chain;
}

Result<FilterChain> FilterChain::audio(const AVCodecContext* decoder, AVRational time_base,
                                       double start_seconds, bool meter, int encoder_frame_size) {
  AudioSourceArgs args = decoder_output(decoder, time_base);
  // async: pad gaps and drop overlaps by timestamp, so audio stays on the
  // video's clock; first_pts starts the track exactly where the part does.
  // Mono and surround become stereo before loudness is measured, so it is
  // the loudness of what listeners hear.
  std::string desc = fmt::format("[in]aresample=48000:async=1:first_pts={},aformat=channel_layouts=stereo,",
                                 static_cast<long long>(start_seconds * 48000 + 0.5));
  // ebur128 passes the sound through, writing its loudness readings into
  // frame metadata (framelog=verbose: quiet unless libav logs verbosely).
  desc += meter ? "aformat=sample_fmts=dbl:sample_rates=48000,ebur128=metadata=1:framelog=verbose[out0]"
                : std::string(kEncoderFormat) + "[out0]";
  auto chain = build(make_audio_source, &args, "abuffersink", desc, 1);
  av_channel_layout_uninit(&args.layout);
  if (chain) chain->time_base_ = time_base;
  if (chain && !meter && encoder_frame_size > 0)
    av_buffersink_set_frame_size(chain->sinks_[0], static_cast<unsigned>(encoder_frame_size));
  return chain;
}

Result<FilterChain> FilterChain::limiter(AVRational time_base, double ceiling_dbfs, int encoder_frame_size) {
  AudioSourceArgs args{48000, AV_SAMPLE_FMT_DBL, {}, time_base};
  av_channel_layout_default(&args.layout, 2);
  // level=0: alimiter would otherwise raise everything to the ceiling.
  // latency=1: its look-ahead must not put the sound behind the picture.
  const std::string desc =
      fmt::format("[in]alimiter=limit={:.4f}:attack=5:release=50:level=0:latency=1,{}[out0]",
                  std::pow(10.0, ceiling_dbfs / 20), kEncoderFormat);
  auto chain = build(make_audio_source, &args, "abuffersink", desc, 1);
  if (chain) chain->time_base_ = time_base;
  if (chain && encoder_frame_size > 0)
    av_buffersink_set_frame_size(chain->sinks_[0], static_cast<unsigned>(encoder_frame_size));
  return chain;
}

Result<void> FilterChain::push(AVFrame* frame) {
  int err = 0;
  if (frame) {
    const int64_t length_tb =
        frame->nb_samples > 0 ? av_rescale_q(frame->nb_samples, AVRational{1, frame->sample_rate}, time_base_)
                              : frame->pkt_duration;
    if (frame->pts != AV_NOPTS_VALUE) end_pts_ = std::max(end_pts_, frame->pts + length_tb);
    err = av_buffersrc_add_frame_flags(source_, frame, AV_BUFFERSRC_FLAG_KEEP_REF);
  } else {
    // Closing at the last frame's end, not its start, lets fps keep the
    // last frame for its whole duration.
    err = av_buffersrc_close(source_, end_pts_ == AV_NOPTS_VALUE ? 0 : end_pts_, AV_BUFFERSRC_FLAG_PUSH);
  }
  if (err < 0) return filter_error("filtering", err);
  return {};
}

bool FilterChain::pull(std::size_t index, AVFrame* out) {
  return av_buffersink_get_frame(sinks_[index], out) >= 0;
}

}  // namespace gavel::transcode
