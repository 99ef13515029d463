"""Companies and offers go through the same moderation workflow as pages from the first day."""

from django.db import migrations


def assign_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")

    # Wagtail creates "Moderators approval" (a Moderators group approval task) in its own migrations.
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    if workflow is None:
        return
    for model in ("company", "offer"):
        content_type, _ = ContentType.objects.get_or_create(app_label="registry", model=model)
        WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})


def unassign(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="registry", content_type__model__in=["company", "offer"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(assign_default_workflow, unassign)]
