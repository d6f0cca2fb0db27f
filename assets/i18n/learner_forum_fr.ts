<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>FlaggedView</name>
    <message>
        <source>Reported forum messages</source>
        <translation>Messages signalés du forum</translation>
    </message>
    <message>
        <source>sent to the moderators</source>
        <translation>transmis aux modérateurs</translation>
    </message>
    <message>
        <source>not yet synced</source>
        <translation>pas encore synchronisé</translation>
    </message>
    <message>
        <source>No message has been reported on this PC.</source>
        <translation>Aucun message n'a été signalé sur ce PC.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>Forum</name>
    <message>
        <source>not yet synced</source>
        <translation>pas encore synchronisé</translation>
    </message>
    <message>
        <source>awaiting moderation</source>
        <translation>en attente de modération</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>refusé : %1</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Signaler</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sans raison donnée</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>Annonce</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>modifié</translation>
    </message>
</context>
<context>
    <name>ForumPage</name>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>%n nouveau</numerusform>
            <numerusform>%n nouveaux</numerusform>
        </translation>
    </message>
    <message>
        <source>Announcement: </source>
        <translation>Annonce : </translation>
    </message>
    <message numerus="yes">
        <source>Show the %n earlier message(s)</source>
        <translation>
            <numerusform>Afficher le message précédent</numerusform>
            <numerusform>Afficher les %n messages précédents</numerusform>
        </translation>
    </message>
    <message>
        <source>New subject</source>
        <translation>Nouveau sujet</translation>
    </message>
    <message>
        <source>Report this message</source>
        <translation>Signaler ce message</translation>
    </message>
    <message>
        <source>Why should the moderators look at it?</source>
        <translation>Pourquoi les modérateurs devraient-ils le regarder ?</translation>
    </message>
    <message>
        <source>Edit your message</source>
        <translation>Modifier votre message</translation>
    </message>
    <message>
        <source>Your message (the moderators see it again before the others do):</source>
        <translation>Votre message (les modérateurs le relisent avant que les autres le voient) :</translation>
    </message>
    <message>
        <source>Withdraw your message</source>
        <translation>Retirer votre message</translation>
    </message>
    <message>
        <source>Withdraw this message? Nobody will see it any more, here or at the other centres, once the computer has synchronised.</source>
        <translation>Retirer ce message ? Plus personne ne le verra, ici ni dans les autres centres, une fois l’ordinateur synchronisé.</translation>
    </message>
    <message>
        <source>Forum — %1</source>
        <translation>Forum — %1</translation>
    </message>
    <message>
        <source>Back to the course</source>
        <translation>Retour au cours</translation>
    </message>
    <message>
        <source>&amp;New subject</source>
        <translation>&amp;Nouveau sujet</translation>
    </message>
    <message>
        <source>Show on the &amp;projector</source>
        <translation>Afficher au &amp;projecteur</translation>
    </message>
    <message>
        <source>Title of the new subject</source>
        <translation>Titre du nouveau sujet</translation>
    </message>
    <message>
        <source>Your message (Ctrl+Enter to send)</source>
        <translation>Votre message (Ctrl+Entrée pour envoyer)</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>Votre message</translation>
    </message>
    <message>
        <source>Shown as:</source>
        <translation>Affiché comme :</translation>
    </message>
    <message>
        <source>Your name or a pseudonym: never your id, gender or country</source>
        <translation>Votre nom ou un pseudonyme : jamais votre identifiant, genre ou pays</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Your message leaves this PC at the next sync (or USB stick) and is shown to the other centres once a moderator has approved it.</source>
        <translation>Votre message quitte ce PC à la prochaine synchronisation (ou clé USB) et apparaît dans les autres centres une fois approuvé par un modérateur.</translation>
    </message>
</context>
</TS>
