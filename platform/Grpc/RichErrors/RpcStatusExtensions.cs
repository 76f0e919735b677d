using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Google.Rpc
{
    /// <summary>google.rpc.Status ⇄ RpcException, carried in the grpc-status-details-bin trailer.</summary>
    public static class StatusExtensions
    {
        public const string StatusDetailsTrailerName = "grpc-status-details-bin";

        /// <summary>An RpcException whose status mirrors this google.rpc.Status and whose trailers carry it in full.</summary>
        public static RpcException ToRpcException(this Status status, Metadata? trailers = null)
        {
            ArgumentNullException.ThrowIfNull(status);
            var all = new Metadata();
            if (trailers is not null)
            {
                foreach (var entry in trailers)
                {
                    if (entry.Key != StatusDetailsTrailerName)
                    {
                        all.Add(entry);
                    }
                }
            }

            all.Add(StatusDetailsTrailerName, status.ToByteArray());
            return new RpcException(new Grpc.Core.Status((StatusCode)status.Code, status.Message), all);
        }

        /// <summary>The first detail of type T, or null.</summary>
        public static T? GetDetail<T>(this Status status) where T : class, IMessage<T>, new()
        {
            ArgumentNullException.ThrowIfNull(status);
            var descriptor = new T().Descriptor;
            foreach (var detail in status.Details)
            {
                if (detail.Is(descriptor))
                {
                    return detail.Unpack<T>();
                }
            }

            return null;
        }

        /// <summary>Appends a typed detail (packed as google.protobuf.Any).</summary>
        public static Status AddDetail(this Status status, IMessage detail)
        {
            ArgumentNullException.ThrowIfNull(status);
            status.Details.Add(Any.Pack(detail));
            return status;
        }
    }
}

namespace Grpc.Core
{
    public static class RpcExceptionExtensions
    {
        /// <summary>The google.rpc.Status sent by the server in grpc-status-details-bin, or null if none/invalid.</summary>
        public static Google.Rpc.Status? GetRpcStatus(this RpcException exception)
        {
            ArgumentNullException.ThrowIfNull(exception);
            var bytes = exception.Trailers.GetValueBytes(Google.Rpc.StatusExtensions.StatusDetailsTrailerName);
            if (bytes is null)
            {
                return null;
            }

            try
            {
                return Google.Rpc.Status.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                return null;
            }
        }
    }
}
